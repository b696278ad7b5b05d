/**
 * A notification: one message for one (receiver, group) with the group's alerts as a digest:
 * how many fire and how many resolved, and the worst few in full. A storm of 50,000 shop alerts
 * becomes one message with counts and the top N by value, never 50,000 lines. This is what the
 * outbox stores and the receivers render (Slack, Feishu, DingTalk, WeCom, generic webhook).
 */
import { z } from "zod";

const labels = z.record(z.string(), z.string());

export const NotificationAlertSchema = z.strictObject({
  fingerprint: z.string(),
  status: z.enum(["firing", "resolved"]),
  labels,
  annotations: labels,
  /** Event-time ms the alert started. */
  startsAt: z.number().int(),
  /** Event-time ms it resolved (null while firing). */
  endsAt: z.number().int().nullable(),
  value: z.number(),
  /** Posted through the Alertmanager API: it has no measured value (`value` is 0 and not shown). */
  external: z.literal(true).optional(),
});
export type NotificationAlert = z.infer<typeof NotificationAlertSchema>;

export const NotificationSchema = z.strictObject({
  v: z.literal(1),
  receiver: z.string(),
  groupKey: z.string(),
  groupLabels: labels,
  /** Labels every alert of the group shares. */
  commonLabels: labels,
  commonAnnotations: labels,
  /** `firing` while any alert of the group fires. */
  status: z.enum(["firing", "resolved"]),
  counts: z.strictObject({
    firing: z.number().int().nonnegative(),
    resolved: z.number().int().nonnegative(),
  }),
  /** The worst firing alerts first, then resolved ones; at most the receiver's `max_alerts`. */
  alerts: z.array(NotificationAlertSchema),
  /** Alerts of the group not listed in `alerts`. */
  truncatedAlerts: z.number().int().nonnegative(),
  externalUrl: z.string(),
  /** Wall-clock ms the notification was decided. */
  createdAt: z.number().int(),
});
export type Notification = z.infer<typeof NotificationSchema>;

/** What the digest needs of an alert. */
export interface DigestAlert {
  fingerprint: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: number;
  endsAt: number | null;
  value: number;
  external?: true;
}

/**
 * The `n` alerts with the highest `score`, best first, in O(alerts x log n)-ish time without
 * sorting them all (a storm has tens of thousands). Ties break on fingerprint so output is stable.
 */
export function topN<T extends { fingerprint: string }>(
  items: Iterable<T>,
  n: number,
  score: (t: T) => number,
): T[] {
  const top: Array<{ item: T; s: number }> = [];
  const better = (a: { item: T; s: number }, b: { item: T; s: number }) =>
    a.s > b.s || (a.s === b.s && a.item.fingerprint < b.item.fingerprint);
  if (n <= 0) return [];
  for (const item of items) {
    const e = { item, s: score(item) };
    if (top.length === n && !better(e, top[n - 1]!)) continue;
    let lo = 0;
    let hi = top.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (better(top[mid]!, e)) lo = mid + 1;
      else hi = mid;
    }
    top.splice(lo, 0, e);
    if (top.length > n) top.pop();
  }
  return top.map((e) => e.item);
}

/** Labels (or annotations) equal across all `records`. */
export function common(records: Iterable<Readonly<Record<string, string>>>): Record<string, string> {
  let keys: string[] | null = null;
  let values: string[] = [];
  for (const r of records) {
    if (keys === null) {
      keys = Object.keys(r);
      values = keys.map((k) => r[k]!);
      continue;
    }
    let w = 0;
    for (let i = 0; i < keys.length; i++) {
      if (r[keys[i]!] !== values[i]) continue;
      keys[w] = keys[i]!;
      values[w++] = values[i]!;
    }
    keys.length = w;
    values.length = w;
    if (w === 0) break;
  }
  const out: Record<string, string> = {};
  keys?.forEach((k, i) => {
    out[k] = values[i]!;
  });
  return out;
}

/**
 * Builds the digest for one group.
 * @param maxAlerts alerts listed in full (worst firing first, then the worst resolved)
 * @param score higher is worse (default: the value; the dispatcher passes one that knows which
 *   rules are worse when lower, like a saturation forecast in seconds)
 */
export function buildNotification({
  receiver,
  groupKey,
  groupLabels,
  firing,
  resolved,
  maxAlerts,
  externalUrl,
  now,
  score = (a) => a.value,
}: {
  receiver: string;
  groupKey: string;
  groupLabels: Record<string, string>;
  firing: readonly DigestAlert[];
  resolved: readonly DigestAlert[];
  maxAlerts: number;
  externalUrl: string;
  now: number;
  score?: (a: DigestAlert) => number;
}): Notification {
  const topFiring = topN(firing, maxAlerts, score);
  const topResolved = topN(resolved, maxAlerts - topFiring.length, score);
  const entry = (a: DigestAlert, status: "firing" | "resolved"): NotificationAlert => ({
    fingerprint: a.fingerprint,
    status,
    labels: { ...a.labels },
    annotations: { ...a.annotations },
    startsAt: a.startsAt,
    endsAt: status === "resolved" ? a.endsAt : null,
    value: a.value,
    ...(a.external ? { external: true as const } : {}),
  });
  const all = () => [...firing, ...resolved];
  return {
    v: 1,
    receiver,
    groupKey,
    groupLabels: { ...groupLabels },
    commonLabels: common(all().map((a) => a.labels)),
    commonAnnotations: common(all().map((a) => a.annotations)),
    status: firing.length > 0 ? "firing" : "resolved",
    counts: { firing: firing.length, resolved: resolved.length },
    alerts: [...topFiring.map((a) => entry(a, "firing")), ...topResolved.map((a) => entry(a, "resolved"))],
    truncatedAlerts: firing.length + resolved.length - topFiring.length - topResolved.length,
    externalUrl,
    createdAt: now,
  };
}
