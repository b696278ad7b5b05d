/**
 * The HTTP contract of the alerting API (`/api/v1/alerts`, `/silences`, `/deliveries`): the
 * response bodies as Zod schemas, shared by the server (its queries return these types, its
 * routes declare them for the OpenAPI document) and the dashboard (its client parses with them).
 * Times are epoch ms; alert times are event time, delivery times wall clock, silence times on the
 * silence's clock.
 */
import { z } from "zod";

const labels = z.record(z.string(), z.string());

export const AlertRowSchema = z.object({
  /** `<fingerprint>:<startsAt>`: one episode. */
  id: z.string(),
  fingerprint: z.string(),
  rule: z.string(),
  state: z.enum(["firing", "resolved"]),
  labels,
  annotations: labels,
  value: z.number(),
  startsAt: z.number(),
  endsAt: z.number().nullable(),
  resolvedBy: z.enum(["update", "timeout"]).nullable(),
  /** Wall-clock ms of the last stored change (a state change, not a re-send). */
  updatedAt: z.number(),
  /** Posted through the Alertmanager API: `value` is not a measurement (0), times are wall clock. */
  external: z.boolean(),
  ack: z.object({ by: z.string(), comment: z.string(), at: z.number() }).nullable(),
});
export type AlertRow = z.infer<typeof AlertRowSchema>;

export const AlertEventRowSchema = z.object({
  fingerprint: z.string(),
  rule: z.string(),
  state: z.enum(["pending", "firing", "resolved"]),
  reason: z.enum(["update", "timeout"]),
  at: z.number(),
  value: z.number(),
  labels,
});
export type AlertEventRow = z.infer<typeof AlertEventRowSchema>;

export const SilenceRowSchema = z.object({
  id: z.string(),
  matchers: z.array(z.string()),
  /** On the silence's clock: wall time, or event time for a silence on the stream's clock. */
  startsAt: z.number(),
  endsAt: z.number(),
  /** The clock the silence runs on (docs/ALERTING.md, "Silences and the stream's clock"). */
  clock: z.enum(["wall", "stream"]),
  createdBy: z.string(),
  comment: z.string(),
  createdAt: z.number(),
});
export type SilenceRow = z.infer<typeof SilenceRowSchema>;

export const deliveryStatuses = ["pending", "sending", "delivered", "superseded", "failed"] as const;

export const DeliveryRowSchema = z.object({
  id: z.number(),
  receiver: z.string(),
  groupKey: z.string(),
  status: z.enum(deliveryStatuses),
  attempts: z.number(),
  createdAt: z.number(),
  deliveredAt: z.number().nullable(),
  lastError: z.string().nullable(),
  /** The message's headline figures. */
  summary: z.object({ status: z.string(), firing: z.number(), resolved: z.number() }),
  log: z.array(
    z.object({
      at: z.number(),
      outcome: z.string(),
      statusCode: z.number().nullable(),
      durationMs: z.number(),
      error: z.string().nullable(),
    }),
  ),
});
export type DeliveryRow = z.infer<typeof DeliveryRowSchema>;

/** `GET /api/v1/alerts`: the firing alerts and the history asked for. */
export const AlertsResponseSchema = z.object({
  active: z.array(AlertRowSchema),
  history: z.array(AlertRowSchema),
});

/** `GET /api/v1/alerts/events`: state changes in the range and the episodes open at its start. */
export const AlertEventsResponseSchema = z.object({
  events: z.array(AlertEventRowSchema),
  openAtFrom: z.array(z.object({ fingerprint: z.string(), rule: z.string(), startsAt: z.number(), labels })),
});

export const SilencesResponseSchema = z.object({ silences: z.array(SilenceRowSchema) });
export const SilenceCreatedResponseSchema = z.object({ silence: SilenceRowSchema });
export const DeliveriesResponseSchema = z.object({ deliveries: z.array(DeliveryRowSchema) });

/** A stored alert rule as the Rules page edits it (`GET /api/v1/rules`, `PUT /api/v1/rules/<id>`). */
export const RuleRecordSchema = z.object({
  id: z.string(),
  /** The stored definition as written (durations like `30s` keep their spelling). */
  definition: z.record(z.string(), z.unknown()),
  /** False when the stored definition no longer validates (the evaluators skip it). */
  valid: z.boolean(),
  source: z.enum(["file", "ui"]),
  updatedAt: z.number(),
  updatedBy: z.string().nullable(),
});
export type RuleRecord = z.infer<typeof RuleRecordSchema>;
export const RulesResponseSchema = z.object({ rules: z.array(RuleRecordSchema) });
export const RuleUpdatedResponseSchema = z.object({ rule: RuleRecordSchema });
