/**
 * What the dashboard shows of an active alert. The alerting engine produces these; the web tier
 * only relays them, so this is the display contract, validated where alerts enter the web tier.
 */
import { z } from "zod";

export const alertSeverities = ["critical", "warning", "info"] as const;
export type AlertSeverity = (typeof alertSeverities)[number];

export const ActiveAlertSchema = z.strictObject({
  id: z.string().min(1),
  /** Rule name, e.g. `shop-overloaded`. */
  rule: z.string().min(1),
  severity: z.enum(alertSeverities),
  /** What the alert is about: `shop:123`, `endpoint:order.create`, `global`. */
  subject: z.string(),
  message: z.string(),
  /** Wall-clock ms when the alert started firing. */
  since: z.number().int(),
  value: z.number().nullable(),
  threshold: z.number().nullable(),
  acknowledgedBy: z.string().nullable(),
  /** The alert's labels (for silences and filtering). */
  labels: z.record(z.string(), z.string()).default({}),
  /** Posted through the Alertmanager API: `since` is wall clock, and it has no value. */
  external: z.literal(true).optional(),
});
export type ActiveAlert = z.infer<typeof ActiveAlertSchema>;

const rank: Record<AlertSeverity, number> = { critical: 0, warning: 1, info: 2 };

/** Most severe first, then oldest first. */
export function sortAlerts(alerts: readonly ActiveAlert[]): ActiveAlert[] {
  return [...alerts].sort((a, b) => rank[a.severity] - rank[b.severity] || a.since - b.since);
}

/** An alert's severity from its `severity` label (warning when missing or unknown). */
export function severityOf(labels: Record<string, string>): AlertSeverity {
  const sev = labels.severity;
  return alertSeverities.find((s) => s === sev) ?? "warning";
}

/** What an alert is about, from its labels: `shop:123`, `endpoint:<name>` or `global`. */
export function subjectOf(labels: Record<string, string>): string {
  return labels.shop ? `shop:${labels.shop}` : labels.endpoint ? `endpoint:${labels.endpoint}` : "global";
}
