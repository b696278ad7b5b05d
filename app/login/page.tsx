import { SignInForm } from "../_views/sign-in-form";

export const metadata = { title: "Sign in · Launchwatch" };

export default function LoginPage() {
  return (
    <div className="auth-page">
      <SignInForm />
    </div>
  );
}
