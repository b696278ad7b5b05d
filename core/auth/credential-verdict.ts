/**
 * Whether a live socket's credential still holds, and if not, why: the periodic socket re-check
 * and the immediate cut after an admin action must tell the user the same reason, whichever runs
 * first (an admin's disable, role change or password reset reads "access-changed", never
 * "signed-out").
 */
import type { SessionEndReason } from "../live/socket-events";
import type { Role } from "./roles";

export type CredentialVerdict = { role: Role } | { ended: SessionEndReason };

/** What the database says now of one credential and its user; absent rows are `null`. */
export interface CredentialFacts {
  credential: "session" | "token";
  /** The session or token row, or null when it is gone (signed out, deleted). */
  row: { expired: boolean; revoked: boolean; idle: boolean; role: Role } | null;
  /** The credential's user, or null when the user is gone. */
  user: { disabled: boolean; mustChangePassword: boolean } | null;
}

/**
 * The rule, in order: a user that is gone, disabled or given a one-time password by an admin
 * (a socket never opens with a must-change password, so one now means a reset) ends the socket
 * as `access-changed`; then the credential's own state: `expired`, `idle` (sessions), `revoked`
 * (tokens revoked or gone); a session row that is gone was signed out.
 */
export function credentialVerdict({ credential, row, user }: CredentialFacts): CredentialVerdict {
  if (!user || user.disabled || user.mustChangePassword) return { ended: "access-changed" };
  if (!row) return { ended: credential === "token" ? "revoked" : "signed-out" };
  if (row.revoked) return { ended: "revoked" };
  if (row.expired) return { ended: "expired" };
  if (row.idle) return { ended: "idle" };
  return { role: row.role };
}
