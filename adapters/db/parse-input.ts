import type { z } from "zod";
import { InvalidInputError } from "../../core/errors";

/**
 * `input` parsed by `schema`, or an {@link InvalidInputError} naming the first invalid field
 * (`matchers.0: ...`; `what` when the issue is at the top, default `input`).
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what = "input"): z.output<S> {
  const r = schema.safeParse(input);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new InvalidInputError(`${i?.path.join(".") || what}: ${i?.message ?? "invalid"}`, {
      cause: r.error,
    });
  }
  return r.data;
}
