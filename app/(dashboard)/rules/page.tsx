import { headers } from "next/headers";
import { decodePagePrincipal, principalHeader } from "../../../core/auth/principal-header";
import { RulesPage } from "../../_views/rules-page";

export const metadata = { title: "Rules · Launchwatch" };

export default async function Rules() {
  const user = decodePagePrincipal((await headers()).get(principalHeader));
  return user ? <RulesPage user={user} /> : null;
}
