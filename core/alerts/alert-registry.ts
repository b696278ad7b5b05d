/**
 * The notifier's view of every alert, deduplicated by fingerprint. Sources re-send firing alerts
 * periodically; a re-send only refreshes `lastSeenAt` and the value. A firing alert that is not
 * re-sent within `resolveTimeoutMs` resolves on its own (its source died or forgot it), as in
 * Alertmanager. State changes come out as transitions, which are what gets stored as history.
 */
import type { Alert } from "./alert";

export interface TrackedAlert {
  fingerprint: string;
  rule: string;
  state: "firing" | "resolved";
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** Event-time ms the condition started to hold. */
  startsAt: number;
  /** When it resolved (event time from the source, or wall time for a timeout); null while firing. */
  endsAt: number | null;
  value: number;
  /** Wall-clock ms of the last update from the source (or of the notifier's restart). */
  lastSeenAt: number;
  /** `sentAt` of the last update applied: older updates arriving late are ignored. */
  sentAt: number;
  /** Posted from outside through the Alertmanager API (see {@link Alert.external}). */
  external?: true;
  /** Wall-clock ms it resolves unless re-sent (see {@link Alert.expiresAt}). */
  expiresAt?: number;
}

export interface AlertTransition {
  state: "pending" | "firing" | "resolved";
  /** `update` from the source, or `timeout` when it stopped re-sending. */
  reason: "update" | "timeout";
  /** Event-time ms of the transition (startsAt for pending/firing, endsAt for resolved). */
  at: number;
  alert: TrackedAlert;
}

export interface AlertRegistry {
  /**
   * Applies one update. Returns the transition, or null for a re-send, an update older than the
   * last one applied, a firing update sent longer than `resolveTimeoutMs` ago, or a resolve of an
   * alert never seen firing.
   */
  ingest(update: Alert, now: number): AlertTransition | null;
  /** Resolves firing alerts not re-sent for `resolveTimeoutMs` (or past their `expiresAt`) at wall time `now`. */
  expire(now: number): AlertTransition[];
  firing(): IterableIterator<TrackedAlert>;
  get(fingerprint: string): TrackedAlert | undefined;
  /** Puts back alerts loaded from storage after a restart; they count as seen at `now`. */
  restore(alerts: Iterable<TrackedAlert>, now: number): void;
  readonly size: number;
}

/** @param resolveTimeoutMs how long a firing alert lives without a re-send (Alertmanager default 5 min) */
export function createAlertRegistry({ resolveTimeoutMs }: { resolveTimeoutMs: number }): AlertRegistry {
  const active = new Map<string, TrackedAlert>();
  return {
    ingest(u, now) {
      const cur = active.get(u.fingerprint);
      if (cur && u.sentAt < cur.sentAt) return null;
      if (u.state === "pending") {
        // A pending update for a firing alert means its source restarted its timer; the alert
        // stays firing until the source confirms, resolves it, or the timeout does.
        if (cur) return null;
        return { state: "pending", reason: "update", at: u.startsAt, alert: firingFrom(u, now) };
      }
      if (u.state === "firing") {
        // Older than the resolve timeout (a replayed topic, a stuck producer): it says nothing about now.
        if (now - u.sentAt > resolveTimeoutMs) return null;
        if (cur) {
          cur.lastSeenAt = now;
          cur.sentAt = u.sentAt;
          cur.value = u.value;
          cur.annotations = u.annotations;
          if (u.expiresAt !== undefined) cur.expiresAt = u.expiresAt;
          else delete cur.expiresAt;
          return null;
        }
        const a: TrackedAlert = {
          ...firingFrom(u, now),
          ...(u.external ? { external: true as const } : {}),
          ...(u.expiresAt !== undefined ? { expiresAt: u.expiresAt } : {}),
        };
        active.set(a.fingerprint, a);
        return { state: "firing", reason: "update", at: a.startsAt, alert: a };
      }
      if (!cur) return null;
      cur.state = "resolved";
      cur.endsAt = u.endsAt ?? u.sentAt;
      cur.value = u.value;
      cur.sentAt = u.sentAt;
      cur.lastSeenAt = now;
      active.delete(cur.fingerprint);
      return { state: "resolved", reason: "update", at: cur.endsAt, alert: cur };
    },
    expire(now) {
      const out: AlertTransition[] = [];
      for (const a of active.values()) {
        if (a.expiresAt !== undefined ? now < a.expiresAt : now - a.lastSeenAt < resolveTimeoutMs) continue;
        a.state = "resolved";
        a.endsAt = now;
        active.delete(a.fingerprint);
        out.push({ state: "resolved", reason: "timeout", at: now, alert: a });
      }
      return out;
    },
    firing: () => active.values(),
    get: (fp) => active.get(fp),
    restore(alerts, now) {
      for (const a of alerts) {
        if (a.state !== "firing") continue;
        active.set(a.fingerprint, { ...a, lastSeenAt: now });
      }
    },
    get size() {
      return active.size;
    },
  };
}

/**
 * The alert an update starts, firing and seen at `now`. A pending snapshot is this as it is: it is
 * not tracked, so it carries neither the external mark nor an expiry.
 */
function firingFrom(u: Alert, now: number): TrackedAlert {
  return {
    fingerprint: u.fingerprint,
    rule: u.rule,
    state: "firing",
    labels: u.labels,
    annotations: u.annotations,
    startsAt: u.startsAt,
    endsAt: null,
    value: u.value,
    lastSeenAt: now,
    sentAt: u.sentAt,
  };
}
