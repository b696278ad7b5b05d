/**
 * Generic JSON webhook in Alertmanager's webhook format (payload version "4"), so tools that
 * take Alertmanager webhooks take Launchwatch's. Additions: `launchwatch.counts` (firing and
 * resolved in the whole group, since `alerts` lists only the worst `max_alerts`), the
 * `Idempotency-Key` header (same on every retry) and, with a secret, the header
 * `X-Launchwatch-Signature: sha256=<hex HMAC-SHA256 of the raw body keyed by the secret>`.
 */
import { createHmac } from "node:crypto";
import type { Notification } from "../../core/alerts/notification";
import type { ReceiverFormat } from "./format";

/** The signature header's value for `body`. */
export function webhookSignature(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body, "utf8").digest("hex")}`;
}

/** Alertmanager's "zero time" for alerts still firing. */
const zeroTime = "0001-01-01T00:00:00Z";

/** The Alertmanager v4 payload of a notification. */
export function alertmanagerPayload(n: Notification) {
  const base = n.externalUrl.replace(/\/$/, "");
  return {
    version: "4",
    groupKey: n.groupKey,
    truncatedAlerts: n.truncatedAlerts,
    status: n.status,
    receiver: n.receiver,
    groupLabels: n.groupLabels,
    commonLabels: n.commonLabels,
    commonAnnotations: n.commonAnnotations,
    externalURL: n.externalUrl,
    alerts: n.alerts.map((a) => ({
      status: a.status,
      labels: a.labels,
      annotations: { ...a.annotations, value: String(a.value) },
      startsAt: new Date(a.startsAt).toISOString(),
      endsAt: a.endsAt === null ? zeroTime : new Date(a.endsAt).toISOString(),
      generatorURL: `${base}/?alert=${a.fingerprint}`,
      fingerprint: a.fingerprint,
    })),
    launchwatch: { counts: n.counts },
  };
}

export const webhookFormat: ReceiverFormat = {
  type: "webhook",
  defaultRatePerMinute: 600,
  build(n, { url, secret, idempotencyKey }) {
    const body = JSON.stringify(alertmanagerPayload(n));
    const headers: Record<string, string> = { "idempotency-key": idempotencyKey };
    if (secret) headers["x-launchwatch-signature"] = webhookSignature(secret, body);
    return { url: new URL(url), headers, body };
  },
  judge: () => ({ outcome: "delivered" }),
};
