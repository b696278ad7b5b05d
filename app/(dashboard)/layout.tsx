import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { decodePagePrincipal, principalHeader } from "../../core/auth/principal-header";
import { ConnectionBanner } from "../_components/connection-banner";
import { Shell } from "../_components/shell";
import { LiveProvider } from "../_lib/live-context";
import { TimeRangeProvider } from "../_lib/time-range";

/** Every dashboard page: signed-in (the server's page guard set the principal header), live, one range. */
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const user = decodePagePrincipal((await headers()).get(principalHeader));
  if (!user) redirect("/login");
  return (
    <LiveProvider>
      <TimeRangeProvider>
        <Shell user={user}>
          <ConnectionBanner />
          {children}
        </Shell>
      </TimeRangeProvider>
    </LiveProvider>
  );
}
