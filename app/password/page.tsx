import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { decodePagePrincipal, principalHeader } from "../../core/auth/principal-header";
import { ChangePasswordForm } from "../_views/change-password-form";

export const metadata = { title: "Choose a password · Launchwatch" };

export default async function PasswordPage() {
  const user = decodePagePrincipal((await headers()).get(principalHeader));
  if (!user) redirect("/login");
  return (
    <div className="auth-page">
      <ChangePasswordForm username={user.username} />
    </div>
  );
}
