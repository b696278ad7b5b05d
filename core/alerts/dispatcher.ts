/**
 * The notification pipeline, Alertmanager-style, as a pure state machine driven by the caller's
 * clock: alert updates in (deduplicated by fingerprint), routed into groups; `tick` flushes the
 * groups that are due, leaves out silenced and inhibited alerts, and returns one notification
 * per (receiver, group) that needs one, plus the group state to persist. No I/O: the notifier
 * process stores the transitions and the flush results, and delivers through the outbox.
 */

import { type AggregationGroup, type GroupState, needsUpdate } from "./aggregation-group";
import type { Alert } from "./alert";
import {
  type AlertRegistry,
  type AlertTransition,
  createAlertRegistry,
  type TrackedAlert,
} from "./alert-registry";
import { createInhibitor } from "./inhibition";
import { buildNotification, type DigestAlert, type Notification } from "./notification";
import type { Policy, ReceiverConfig } from "./policy";
import { groupKey, groupLabels, matchRoutes } from "./routing";
import { type Silence, silenceFilter } from "./silences";
import { timeMuted } from "./time-intervals";

export interface FlushResult {
  notifications: Notification[];
  /** Groups whose state changed (flushed or created). */
  groups: GroupState[];
  /** Groups that became empty and were dropped. */
  deletedGroups: string[];
  /** Alerts resolved by the timeout during this tick (to store as history). */
  transitions: AlertTransition[];
}

export interface Dispatcher {
  /** Applies alert updates at wall time `now`; returns the state transitions to store. */
  ingest(updates: Iterable<Alert>, now: number): AlertTransition[];
  /**
   * Flushes the groups due at `now`; silences on the stream's clock are checked against
   * `streamNow` (the stream's event time; null: unknown, they are not in force).
   */
  tick(now: number, streamNow?: number | null): FlushResult;
  setSilences(silences: readonly Silence[]): void;
  /**
   * After a restart: puts back the firing alerts (and recently resolved ones) and the groups'
   * notification logs, so nothing already sent is sent again and nothing pending is forgotten.
   * Returns the keys of stored groups that no longer exist under the current policy.
   */
  restore(input: { alerts: readonly TrackedAlert[]; groups: readonly GroupState[] }, now: number): string[];
  /** Group count and alert counts, for metrics and readiness. */
  stats(): { groups: number; firing: number };
  readonly registry: AlertRegistry;
}

/**
 * @param score higher is worse, used to pick the worst alerts for a digest (default: the value)
 * @param expireEveryMs how often the resolve timeout is checked (default 1 s)
 */
export function createDispatcher({
  policy,
  score,
  expireEveryMs = 1000,
}: {
  policy: Policy;
  score?: (a: DigestAlert) => number;
  expireEveryMs?: number;
}): Dispatcher {
  const registry = createAlertRegistry({ resolveTimeoutMs: policy.resolveTimeoutMs });
  const groups = new Map<string, AggregationGroup>();
  const receivers = new Map<string, ReceiverConfig>(policy.receivers.map((r) => [r.name, r]));
  let silences: readonly Silence[] = [];
  let lastExpire = Number.NEGATIVE_INFINITY;

  const place = (a: TrackedAlert, now: number, only?: (g: AggregationGroup) => boolean) => {
    for (const route of matchRoutes(policy.route, a.labels)) {
      const labels = groupLabels(route, a.labels);
      const key = groupKey(route, labels);
      let g = groups.get(key);
      if (!g) {
        if (a.state === "resolved" && !only) continue; // nothing told about it in this group
        g = { key, route, labels, alerts: new Map(), nextFlushAt: now + route.groupWaitMs, log: null };
        if (only && !only(g)) continue;
        groups.set(key, g);
      } else if (only && !only(g)) continue;
      g.alerts.set(a.fingerprint, a);
    }
  };

  const stateOf = (g: AggregationGroup, withLog: boolean): GroupState => ({
    key: g.key,
    receiver: g.route.receiver,
    routeKey: g.route.key,
    labels: g.labels,
    nextFlushAt: g.nextFlushAt,
    ...(withLog && g.log
      ? { log: { firing: [...g.log.firing], resolved: [...g.log.resolved], at: g.log.at } }
      : {}),
  });

  const flush = (
    g: AggregationGroup,
    now: number,
    muted: (a: TrackedAlert) => boolean,
    out: FlushResult,
  ): void => {
    // Inside a mute interval (or outside the active ones) nothing is sent and nothing is logged as
    // told, as in Alertmanager: the first flush after the interval tells what is new since the last.
    if (timeMuted(g.route, policy.timeIntervals, now)) {
      g.nextFlushAt = now + g.route.groupIntervalMs;
      out.groups.push(stateOf(g, false));
      return;
    }
    const receiver = receivers.get(g.route.receiver);
    const sendResolved = receiver?.send_resolved ?? true;
    const firing: TrackedAlert[] = [];
    const resolved: TrackedAlert[] = [];
    for (const a of g.alerts.values()) {
      if (muted(a)) continue;
      (a.state === "firing" ? firing : resolved).push(a);
    }
    const firingSet = new Set(firing.map((a) => a.fingerprint));
    const resolvedSet = new Set(resolved.map((a) => a.fingerprint));
    let logChanged = false;
    if (
      (firing.length > 0 || resolved.length > 0) &&
      needsUpdate(g.log, firingSet, resolvedSet, { sendResolved, repeatMs: g.route.repeatIntervalMs, now })
    ) {
      g.log = { firing: firingSet, resolved: resolvedSet, at: now };
      logChanged = true;
      if (firing.length > 0 || sendResolved) {
        out.notifications.push(
          buildNotification({
            receiver: g.route.receiver,
            groupKey: g.key,
            groupLabels: g.labels,
            firing,
            resolved: sendResolved ? resolved : [],
            maxAlerts: receiver?.max_alerts ?? policy.digestTop,
            externalUrl: policy.externalUrl,
            now,
            ...(score ? { score } : {}),
          }),
        );
      }
    }
    // Resolved alerts have been dealt with (told, or never told and now gone): drop them.
    for (const a of g.alerts.values()) if (a.state === "resolved") g.alerts.delete(a.fingerprint);
    g.nextFlushAt = now + g.route.groupIntervalMs;
    if (g.alerts.size === 0) {
      groups.delete(g.key);
      out.deletedGroups.push(g.key);
    } else out.groups.push(stateOf(g, logChanged));
  };

  return {
    registry,
    ingest(updates, now) {
      const out: AlertTransition[] = [];
      for (const u of updates) {
        const t = registry.ingest(u, now);
        if (!t) continue;
        out.push(t);
        if (t.state !== "pending") place(t.alert, now);
      }
      return out;
    },
    tick(now, streamNow = null) {
      const out: FlushResult = { notifications: [], groups: [], deletedGroups: [], transitions: [] };
      if (now - lastExpire >= expireEveryMs) {
        lastExpire = now;
        out.transitions = registry.expire(now);
        for (const t of out.transitions) place(t.alert, now);
      }
      const due = [...groups.values()].filter((g) => g.nextFlushAt <= now);
      if (due.length === 0) return out;
      // Built once per tick: which firing alerts inhibit, which silences are in force.
      let inhibitor: ReturnType<typeof createInhibitor> | null = null;
      const silenced = silenceFilter(silences, { wall: now, stream: streamNow });
      const muted = (a: TrackedAlert) => {
        if (silenced(a.labels)) return true;
        if (a.state !== "firing") return false;
        inhibitor ??= createInhibitor(
          policy.inhibitRules,
          [...registry.firing()].map((f) => f.labels),
        );
        return inhibitor.isInhibited(a.labels);
      };
      for (const g of due) flush(g, now, muted, out);
      return out;
    },
    setSilences(s) {
      silences = s;
    },
    restore({ alerts, groups: stored }, now) {
      const byKey = new Map(stored.map((s) => [s.key, s]));
      registry.restore(alerts, now);
      for (const a of alerts) {
        if (a.state === "firing") {
          const live = registry.get(a.fingerprint);
          if (live) place(live, now);
        }
      }
      // Resolved alerts matter only to groups that told the receiver they were firing.
      const untold = new Map<string, Set<string>>();
      for (const s of stored) {
        if (!s.log) continue;
        const told = new Set(s.log.resolved);
        untold.set(s.key, new Set(s.log.firing.filter((fp) => !told.has(fp))));
      }
      for (const a of alerts) {
        if (a.state === "resolved") place(a, now, (g) => untold.get(g.key)?.has(a.fingerprint) === true);
      }
      for (const g of groups.values()) {
        const s = byKey.get(g.key);
        if (!s) continue;
        g.nextFlushAt = Math.max(now, Math.min(s.nextFlushAt, now + g.route.groupIntervalMs));
        if (s.log) g.log = { firing: new Set(s.log.firing), resolved: new Set(s.log.resolved), at: s.log.at };
      }
      return stored.filter((s) => !groups.has(s.key)).map((s) => s.key);
    },
    stats: () => ({ groups: groups.size, firing: registry.size }),
  };
}
