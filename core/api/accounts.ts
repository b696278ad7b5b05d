/**
 * The HTTP contract of the account API (`/api/v1/me`, `/tokens`, `/users`): principals, API
 * tokens and users as Zod schemas, declared by the routes and parsed by the Account page. Token
 * times are ISO-8601 strings (the JSON form of the store's dates; see {@link tokenJson}).
 */
import { z } from "zod";
import { RoleSchema } from "../auth/roles";

const isoOrNull = z.iso.datetime({ offset: true }).nullable();

export const MeResponseSchema = z.object({
  username: z.string(),
  role: RoleSchema,
  credential: z.string(),
  mustChangePassword: z.boolean(),
});

export const ApiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: RoleSchema,
  createdAt: z.iso.datetime({ offset: true }),
  expiresAt: isoOrNull,
  lastUsedAt: isoOrNull,
  revokedAt: isoOrNull,
});
export type ApiTokenJson = z.infer<typeof ApiTokenSchema>;
export const TokensResponseSchema = z.object({ tokens: z.array(ApiTokenSchema) });
/** The secret is in this answer only. */
export const TokenCreatedResponseSchema = z.object({
  token: z.string(),
  id: z.string(),
  role: RoleSchema,
  expiresAt: isoOrNull,
});

export const UserSchema = z.object({
  id: z.string(),
  username: z.string(),
  role: RoleSchema,
  mustChangePassword: z.boolean(),
  disabled: z.boolean(),
  passwordExpiresAt: z.number().nullable(),
});
export type UserJson = z.infer<typeof UserSchema>;
export const UsersResponseSchema = z.object({ users: z.array(UserSchema) });
/** A new user's one-time password is in this answer only. */
export const UserCreatedResponseSchema = z.object({
  username: z.string(),
  role: RoleSchema,
  oneTimePassword: z.string(),
});
export const PasswordResetResponseSchema = z.object({ oneTimePassword: z.string() });

/** Dates as the JSON the contract describes (what `JSON.stringify` would make of them, typed). */
export function tokenJson<
  T extends { createdAt: Date; expiresAt: Date | null; lastUsedAt: Date | null; revokedAt: Date | null },
>(
  t: T,
): Omit<T, "createdAt" | "expiresAt" | "lastUsedAt" | "revokedAt"> &
  Pick<ApiTokenJson, "createdAt" | "expiresAt" | "lastUsedAt" | "revokedAt"> {
  return {
    ...t,
    createdAt: t.createdAt.toISOString(),
    expiresAt: t.expiresAt?.toISOString() ?? null,
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
  };
}
