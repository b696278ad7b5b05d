/** How the auth rules refuse: an error with the HTTP status it maps onto, and the role check. */
import type { Principal } from "../../adapters/db/auth-store";
import { type Role, roleAtLeast } from "../../core/auth/roles";
import { LaunchwatchError } from "../../core/errors";

/** A rule refused the action. `status` maps it onto HTTP. */
export class AuthError extends LaunchwatchError {
  constructor(
    readonly status: 401 | 403 | 404 | 409 | 429,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export function requireRole(p: Principal, role: Role): void {
  if (!roleAtLeast(p.role, role)) throw new AuthError(403, `this needs the ${role} role (you are ${p.role})`);
}
