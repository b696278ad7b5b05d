/** What a session or an API token resolves to: the user behind every authenticated request. */
import type { Role } from "../../core/auth/roles";

/** A credential resolved to its user: what every authenticated request carries. */
export interface Principal {
  userId: string;
  username: string;
  /** The effective role (a token's role, capped by its owner's). */
  role: Role;
  mustChangePassword: boolean;
  credential: "session" | "token";
  credentialId: string;
  /** Wall-clock ms the credential stops working; null for a token without expiry. */
  expiresAt: number | null;
}
