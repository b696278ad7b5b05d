/**
 * Bearer secrets: session cookies and API tokens. Only a SHA-256 of a secret is stored, so a
 * leaked database row cannot be replayed; the secrets carry 256 random bits, so a fast hash is
 * enough (unlike passwords).
 */
import { createHash, randomBytes } from "node:crypto";

/** API tokens start with this, so they are recognisable in logs and secret scanners. */
export const apiTokenPrefix = "lwt_";

export function newSessionSecret(): string {
  return randomBytes(32).toString("base64url");
}

export function newApiToken(): string {
  return `${apiTokenPrefix}${randomBytes(32).toString("base64url")}`;
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/** A readable one-time password: 4 groups of 5 characters without look-alikes (~100 bits). */
export function newOneTimePassword(): string {
  const alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
  const bytes = randomBytes(20);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]);
  return [0, 5, 10, 15].map((i) => chars.slice(i, i + 5).join("")).join("-");
}
