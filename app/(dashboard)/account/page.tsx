import { headers } from "next/headers";
import { decodePagePrincipal, principalHeader } from "../../../core/auth/principal-header";
import { Account } from "../../_views/account";

export const metadata = { title: "Account · Launchwatch" };

export default async function AccountPage() {
  const user = decodePagePrincipal((await headers()).get(principalHeader));
  return user ? <Account user={user} /> : null;
}
