/**
 * Alert rules, as operators write them (YAML in the repository, rows in Postgres, the UI). Like
 * Prometheus/Grafana rules: a condition per entity (shop, endpoint, or the whole launch), a
 * pending period (`for`), `keepFiringFor` against flapping, labels and annotations.
 */
import { z } from "zod";

import { DurationSchema as duration } from "../time/duration";

const common = {
  /** Stable id; also the `alertname` label. */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "lowercase letters, digits and dashes"),
  /** How long the condition must hold before the alert fires (default 0). */
  for: duration.default(0),
  /** How long a firing alert stays firing after the condition clears (default 0). */
  keepFiringFor: duration.default(0),
  enabled: z.boolean().default(true),
  labels: z.record(z.string(), z.string()).default({}),
  annotations: z.record(z.string(), z.string()).default({}),
};

export const RuleSchema = z.discriminatedUnion("kind", [
  /** A shop's order rate over the last minute above capacity x factor. Evaluated by the workers. */
  z.strictObject({
    ...common,
    kind: z.literal("shop_over_capacity"),
    factor: z.number().positive().default(1),
  }),
  /** An endpoint's request rate over 10 s above capacity x factor. */
  z.strictObject({
    ...common,
    kind: z.literal("endpoint_over_capacity"),
    factor: z.number().positive().default(1),
  }),
  /** An endpoint's error ratio over the last minute above a threshold (0..1). */
  z.strictObject({
    ...common,
    kind: z.literal("endpoint_error_rate"),
    threshold: z.number().min(0).max(1),
    /** Ignore endpoints with fewer requests in the minute (default 20). */
    minRequests: z.number().int().nonnegative().default(20),
  }),
  /** An endpoint's p99 latency over the last minute above a threshold. */
  z.strictObject({ ...common, kind: z.literal("endpoint_latency_p99"), thresholdMs: z.number().positive() }),
  /** Downloads per second over the last minute above a threshold. */
  z.strictObject({ ...common, kind: z.literal("download_surge"), perSecond: z.number().positive() }),
  /** An endpoint forecast to reach capacity within N minutes at its current trend. */
  z.strictObject({ ...common, kind: z.literal("saturation_forecast"), withinMinutes: z.number().positive() }),
]);

export type Rule = z.infer<typeof RuleSchema>;
export type RuleInput = z.input<typeof RuleSchema>;
export type RuleKind = Rule["kind"];

export const RuleFileSchema = z.strictObject({ rules: z.array(RuleSchema) }).superRefine((f, ctx) => {
  const seen = new Set<string>();
  for (const [i, r] of f.rules.entries()) {
    if (seen.has(r.id))
      ctx.addIssue({ code: "custom", message: `duplicate rule id ${r.id}`, path: ["rules", i, "id"] });
    seen.add(r.id);
  }
});
