/**
 * Query-string parameters as the API reads them: every value arrives as text, a repeated one as
 * a list.
 */
import { z } from "zod";

export const intParam = z.string().regex(/^\d+$/, "a non-negative integer").transform(Number);

/** Epoch ms, or an ISO-8601 date. */
export const timeParam = z.string().transform((s, ctx) => {
  const n = /^\d+$/.test(s) ? Number(s) : Date.parse(s);
  if (!Number.isFinite(n)) {
    ctx.addIssue({ code: "custom", message: "epoch milliseconds or an ISO-8601 date" });
    return z.NEVER;
  }
  return Math.floor(n);
});

/** A parameter given once or repeated: a list either way, absent when not given. */
export const many = <T extends z.ZodType>(s: T) => z.union([s.transform((v) => [v]), z.array(s)]).optional();
