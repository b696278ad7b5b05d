/**
 * Generic JSON webhook in Alertmanager's webhook format (payload version "4"), so tools that
 * take Alertmanager webhooks take Launchwatch's. Additions: `launchwatch.counts` (firing and
 * resolved in the whole group, since `alerts` lists only the worst `max_alerts`), the
 * `Idempotency-Key` header (same on every retry) and, with a secret, a Standard Webhooks
 * signature (standardwebhooks.com): `webhook-id` (the idempotency key), `webhook-timestamp`
 * (Unix seconds) and `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`. The
 * id and the time are signed with the body, so a captured request cannot be replayed later
 * (receivers refuse timestamps more than a few minutes off) or as another message.
 */
import { createHmac } from "node:crypto";
import type { Notification } from "../../core/alerts/notification";
import type { ReceiverFormat } from "./format";

/**
 * The signing key: a Standard Webhooks secret (`whsec_<base64>`) is its decoded bytes, any other
 * secret its UTF-8 bytes.
 */
function signingKey(secret: string): Buffer {
  return secret.startsWith("whsec_") ? Buffer.from(secret.slice(6), "base64") : Buffer.from(secret, "utf8");
}

/** The `webhook-signature` value for one message (Standard Webhooks, scheme v1). */
export function webhookSignature(secret: string, id: string, timestampSec: number, body: string): string {
  const mac = createHmac("sha256", signingKey(secret)).update(`${id}.${timestampSec}.${body}`, "utf8");
  return `v1,${mac.digest("base64")}`;
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
      annotations: a.external ? a.annotations : { ...a.annotations, value: String(a.value) },
      startsAt: new Date(a.startsAt).toISOString(),
      endsAt: a.endsAt === null ? zeroTime : new Date(a.endsAt).toISOString(),
      generatorURL: (a.external && a.annotations.generatorURL) || `${base}/?alert=${a.fingerprint}`,
      fingerprint: a.fingerprint,
    })),
    launchwatch: { counts: n.counts },
  };
}

export const webhookFormat: ReceiverFormat = {
  type: "webhook",
  defaultRatePerMinute: 600,
  build(n, { url, secret, idempotencyKey, now }) {
    const body = JSON.stringify(alertmanagerPayload(n));
    const headers: Record<string, string> = { "idempotency-key": idempotencyKey };
    if (secret) {
      // Signed at each attempt: a retry carries its own time.
      const timestamp = Math.floor(now / 1000);
      headers["webhook-id"] = idempotencyKey;
      headers["webhook-timestamp"] = String(timestamp);
      headers["webhook-signature"] = webhookSignature(secret, idempotencyKey, timestamp, body);
    }
    return { url: new URL(url), headers, body };
  },
  judge: () => ({ outcome: "delivered" }),
};
