/** Input rules for sign-in, password changes, users and API tokens (validated at the HTTP boundary). */
import { z } from "zod";
import { RoleSchema } from "./roles";

export const UsernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{1,62}$/, "2-63 letters, digits, '.', '_' or '-'");

/** Long passphrases are the point; no composition rules (NIST SP 800-63B). */
export const NewPasswordSchema = z
  .string()
  .min(12, "at least 12 characters")
  .max(200, "at most 200 characters");

export const SignInSchema = z.strictObject({
  username: z.string().trim().toLowerCase().min(1).max(63),
  password: z.string().min(1).max(200),
});
export type SignIn = z.infer<typeof SignInSchema>;

export const ChangePasswordSchema = z.strictObject({
  currentPassword: z.string().min(1).max(200),
  newPassword: NewPasswordSchema,
});

export const CreateUserSchema = z.strictObject({
  username: UsernameSchema,
  role: RoleSchema,
});

/** Admin changes to another user: a new role, disabled or enabled again. */
export const UpdateUserSchema = z
  .strictObject({ role: RoleSchema.optional(), disabled: z.boolean().optional() })
  .refine((u) => u.role !== undefined || u.disabled !== undefined, "send role or disabled");

export const CreateApiTokenSchema = z.strictObject({
  name: z.string().trim().min(1).max(80),
  /** Defaults to the creator's role; never above it. */
  role: RoleSchema.optional(),
  /** Days until the token stops working; null for no expiry. Default 90. */
  expiresInDays: z.number().int().positive().max(3650).nullable().default(90),
});
