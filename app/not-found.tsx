import Link from "next/link";

export default function NotFound() {
  return (
    <div className="auth-page">
      <div className="panel auth-card">
        <h1>Not found</h1>
        <p className="sub">There is no page here.</p>
        <Link href="/">Back to the overview</Link>
      </div>
    </div>
  );
}
