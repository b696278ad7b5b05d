import { headers } from "next/headers";
import { decodePagePrincipal, principalHeader } from "../../../../core/auth/principal-header";
import { roleAtLeast } from "../../../../core/auth/roles";
import { ReplayPlayer } from "../../../_views/replay-player";

export const metadata = { title: "Replay · Launchwatch" };

export default async function ReplayPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = decodePagePrincipal((await headers()).get(principalHeader));
  // The playback is shared by everyone watching: viewers watch, operators steer.
  return <ReplayPlayer id={id} canControl={user ? roleAtLeast(user.role, "operator") : false} />;
}
