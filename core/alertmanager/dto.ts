/**
 * Alertmanager's API v2 JSON (api/v2/openapi.yaml of prometheus/alertmanager), as Zod schemas:
 * what Prometheus, Grafana and amtool send and expect. The server validates input with them and
 * the OpenAPI document is generated from them. Times are RFC 3339 strings.
 */
import { z } from "zod";

const labelName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "a label name like alertname")
  .max(128);
/** A label or annotation set. */
export const LabelSetSchema = z.record(z.string(), z.string().max(8192));
const dateTime = z.iso.datetime({ offset: true });

/** An alert as Prometheus posts it. */
export const PostableAlertSchema = z.object({
  labels: z
    .record(labelName, z.string().max(1024))
    .refine((l) => Object.keys(l).length > 0, "at least one label")
    .refine((l) => Object.keys(l).length <= 64, "at most 64 labels"),
  annotations: LabelSetSchema.optional(),
  startsAt: dateTime.optional(),
  endsAt: dateTime.optional(),
  generatorURL: z.string().max(2048).optional(),
});
export type PostableAlert = z.infer<typeof PostableAlertSchema>;

/** Prometheus sends up to 64 alerts per request (its default batch); we take up to 1,000. */
export const PostableAlertsSchema = z.array(PostableAlertSchema).max(1000);

export const ReceiverSchema = z.object({ name: z.string() });

export const AlertStatusSchema = z.object({
  state: z.enum(["unprocessed", "active", "suppressed"]),
  silencedBy: z.array(z.string()),
  inhibitedBy: z.array(z.string()),
  mutedBy: z.array(z.string()),
});

export const GettableAlertSchema = z.object({
  labels: LabelSetSchema,
  annotations: LabelSetSchema,
  receivers: z.array(ReceiverSchema),
  fingerprint: z.string(),
  startsAt: dateTime,
  updatedAt: dateTime,
  /** For a firing alert Launchwatch does not know when it would end: Go's zero time. */
  endsAt: dateTime,
  generatorURL: z.string().optional(),
  status: AlertStatusSchema,
});
export type GettableAlert = z.infer<typeof GettableAlertSchema>;

export const AlertGroupSchema = z.object({
  labels: LabelSetSchema,
  receiver: ReceiverSchema,
  alerts: z.array(GettableAlertSchema),
});
export type AlertGroup = z.infer<typeof AlertGroupSchema>;

export const AmMatcherSchema = z.object({
  name: labelName,
  value: z.string().max(1024),
  isRegex: z.boolean(),
  isEqual: z.boolean().default(true),
});
export type AmMatcher = z.infer<typeof AmMatcherSchema>;

const silenceFields = {
  matchers: z.array(AmMatcherSchema).min(1).max(20),
  startsAt: dateTime,
  endsAt: dateTime,
  createdBy: z.string().min(1).max(200),
  comment: z.string().max(2000),
};

/** A silence as amtool or Grafana posts it; with `id`, an update of that silence. */
export const PostableSilenceSchema = z.object({ id: z.string().max(64).optional(), ...silenceFields });
export type PostableSilence = z.infer<typeof PostableSilenceSchema>;

export const GettableSilenceSchema = z.object({
  id: z.string(),
  status: z.object({ state: z.enum(["expired", "active", "pending"]) }),
  updatedAt: dateTime,
  ...silenceFields,
});
export type GettableSilence = z.infer<typeof GettableSilenceSchema>;

export const AlertmanagerStatusSchema = z.object({
  cluster: z.object({
    name: z.string().optional(),
    status: z.enum(["ready", "settling", "disabled"]),
    peers: z.array(z.object({ name: z.string(), address: z.string() })),
  }),
  versionInfo: z.object({
    version: z.string(),
    revision: z.string(),
    branch: z.string(),
    buildUser: z.string(),
    buildDate: z.string(),
    goVersion: z.string(),
  }),
  config: z.object({ original: z.string() }),
  uptime: dateTime,
});
export type AlertmanagerStatus = z.infer<typeof AlertmanagerStatusSchema>;

const flag = z.enum(["true", "false"]).transform((v) => v === "true");
const many = z.union([z.string().transform((v) => [v]), z.array(z.string())]);

/** Query of `GET /api/v2/alerts` and `/api/v2/alerts/groups` (each flag defaults to true). */
export const AlertsQuerySchema = z.object({
  active: flag.default(true),
  silenced: flag.default(true),
  inhibited: flag.default(true),
  unprocessed: flag.default(true),
  /** Matchers (`alertname="x"`, `severity=~"crit.*"`), all must match. */
  filter: many.default([]),
  /** A regex the alert's receiver names must match (anchored). */
  receiver: z.string().max(300).optional(),
});

/** Query of `GET /api/v2/silences`. */
export const SilencesQuerySchema = z.object({ filter: many.default([]) });
