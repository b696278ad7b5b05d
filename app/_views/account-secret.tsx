/** A secret an account action answered with (a token, a one-time password): copy it now. */
import type { AccountSecret } from "./use-account-data";

export function AccountSecretBanner({ secret }: { secret: AccountSecret }) {
  return (
    <div className="banner info" role="status" data-testid="secret">
      <div>
        <strong>{secret.label} — copy it now, it is not shown again</strong>
        <p>
          <code style={{ userSelect: "all", fontSize: 14 }}>{secret.value}</code>
        </p>
      </div>
    </div>
  );
}
