import { headers } from "next/headers";
import { decodePagePrincipal, principalHeader } from "../../../core/auth/principal-header";
import { AlertsPage } from "../../_views/alerts-page";

export const metadata = { title: "Alerts · Launchwatch" };

export default async function Alerts() {
  const user = decodePagePrincipal((await headers()).get(principalHeader));
  return user ? <AlertsPage user={user} /> : null;
}
