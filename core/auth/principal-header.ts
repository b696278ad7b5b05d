/**
 * How the custom server tells the Next.js pages who is signed in: it authenticates the request,
 * strips any inbound copy of this header, and sets it before handing the request to Next.
 * Pages read it with `headers()`; it never comes from the browser.
 */
import { z } from "zod";
import { RoleSchema } from "./roles";

export const principalHeader = "x-launchwatch-principal";

export const PagePrincipalSchema = z.strictObject({
  username: z.string(),
  role: RoleSchema,
});
export type PagePrincipal = z.infer<typeof PagePrincipalSchema>;

export function encodePagePrincipal(p: PagePrincipal): string {
  return encodeURIComponent(JSON.stringify(p));
}

/** Null when missing or malformed. */
export function decodePagePrincipal(value: string | null | undefined): PagePrincipal | null {
  if (!value) return null;
  try {
    const parsed = PagePrincipalSchema.safeParse(JSON.parse(decodeURIComponent(value)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
