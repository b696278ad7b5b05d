/**
 * Roles of on-call users, least to most privileged. A viewer watches; an operator also acts on
 * what they see (acknowledges alerts, creates API tokens for automation); an admin manages users.
 */
import { z } from "zod";

export const roles = ["viewer", "operator", "admin"] as const;
export type Role = (typeof roles)[number];
export const RoleSchema = z.enum(roles);

/** Whether `role` has at least the privileges of `required`. */
export function roleAtLeast(role: Role, required: Role): boolean {
  return roles.indexOf(role) >= roles.indexOf(required);
}
