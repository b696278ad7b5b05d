import { ReplayPlayer } from "../../../_views/replay-player";

export const metadata = { title: "Replay · Launchwatch" };

export default async function ReplayPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ReplayPlayer id={id} />;
}
