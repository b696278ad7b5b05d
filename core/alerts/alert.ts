/**
 * An alert as it travels from where it is evaluated (workers for shops, the alerter for the
 * combined view) to the notifier: the `alerts` topic, keyed by fingerprint. Shaped like an
 * Alertmanager alert, so the generic webhook can pass it on in Alertmanager's format.
 * Firing alerts are re-sent periodically; one that stops being re-sent resolves after
 * `resolveTimeout` at the notifier, as in Alertmanager.
 */
import { z } from "zod";

export const alertStates = ["pending", "firing", "resolved"] as const;
export type AlertState = (typeof alertStates)[number];

export const AlertSchema = z.strictObject({
  v: z.literal(1),
  /** Stable id of (rule, labels): see {@link fingerprint}. */
  fingerprint: z.string().min(1).max(64),
  rule: z.string().min(1).max(64),
  state: z.enum(alertStates),
  /** Includes `alertname` (= rule id) and `severity`, plus chain/city/shop/endpoint as relevant. */
  labels: z.record(z.string(), z.string()),
  annotations: z.record(z.string(), z.string()),
  /** Event time (ms) the condition started to hold; for resolved alerts, when it first fired. */
  startsAt: z.number().int(),
  /** Event time (ms) it resolved; null while pending or firing. */
  endsAt: z.number().int().nullable(),
  /** The measured value that tripped (utilization, error ratio, p99 ms, ...). */
  value: z.number(),
  /** Wall-clock ms this update was produced. */
  sentAt: z.number().int(),
  /**
   * Posted from outside (Prometheus, Grafana) to `POST /api/v2/alerts`: times are wall clock and
   * it is not about the launch's data (it does not go stale when the stream stops).
   */
  external: z.literal(true).optional(),
  /**
   * Wall-clock ms at which a firing alert not re-sent resolves (Alertmanager's `endsAt` in the
   * future, as Prometheus sends it); absent: `resolve_timeout` after the last re-send.
   */
  expiresAt: z.number().int().optional(),
});
export type Alert = z.infer<typeof AlertSchema>;

/** FNV-1a over the rule id and the sorted labels: the same alert gets the same fingerprint anywhere. */
export function fingerprint(rule: string, labels: Record<string, string>): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  const text = `${rule}\u0000${Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join("\u0000")}`;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  return (h1 >>> 0).toString(16).padStart(8, "0") + (h2 >>> 0).toString(16).padStart(8, "0");
}
