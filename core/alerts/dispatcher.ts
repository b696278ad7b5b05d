/**
 * The notification pipeline, Alertmanager-style, as a pure state machine driven by the caller's
 * clock: alert updates in (deduplicated by fingerprint), routed into groups; `tick` flushes the
 * groups that are due, leaves out silenced and inhibited alerts, and returns one notification
 * per (receiver, group) that needs one, plus the group state to persist. No I/O: the notifier
 * process stores the transitions and the flush results, and delivers through the outbox.
 * Its parts: the grouping (group-table.ts), one group's flush (group-flush.ts) and the restore
 * after a restart (group-restore.ts); this module wires them to the registry and the clock.
 */

import type { GroupState } from "./aggregation-group";
import type { Alert } from "./alert";
import {
  type AlertRegistry,
  type AlertTransition,
  createAlertRegistry,
  type TrackedAlert,
} from "./alert-registry";
import { type FlushResult, flushGroup } from "./group-flush";
import { restoreGroups } from "./group-restore";
import { createGroupTable } from "./group-table";
import { createInhibitor } from "./inhibition";
import type { DigestAlert } from "./notification";
import type { InhibitRule, Policy, ReceiverConfig } from "./policy";
import { type Silence, silenceFilter } from "./silences";

export type { FlushResult } from "./group-flush";

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
  const table = createGroupTable(policy.route);
  const receivers = new Map<string, ReceiverConfig>(policy.receivers.map((r) => [r.name, r]));
  let silences: readonly Silence[] = [];
  let lastExpire = Number.NEGATIVE_INFINITY;

  return {
    registry,
    ingest(updates, now) {
      const out: AlertTransition[] = [];
      for (const u of updates) {
        const t = registry.ingest(u, now);
        if (!t) continue;
        out.push(t);
        if (t.state !== "pending") table.place(t.alert, now);
      }
      return out;
    },
    tick(now, streamNow = null) {
      const out: FlushResult = { notifications: [], groups: [], deletedGroups: [], transitions: [] };
      // The resolve timeout is checked at its own pace, not on every tick.
      if (now - lastExpire >= expireEveryMs) {
        lastExpire = now;
        out.transitions = registry.expire(now);
        for (const t of out.transitions) table.place(t.alert, now);
      }
      const due = table.due(now);
      if (due.length === 0) return out;
      const muted = muteCheck(silences, policy.inhibitRules, registry, now, streamNow);
      const ctx = { policy, receivers, muted, ...(score ? { score } : {}) };
      for (const g of due) if (!flushGroup(g, now, ctx, out)) table.groups.delete(g.key);
      return out;
    },
    setSilences(s) {
      silences = s;
    },
    restore({ alerts, groups: stored }, now) {
      registry.restore(alerts, now);
      return restoreGroups(table, { alerts, stored, live: (fp) => registry.get(fp) }, now);
    },
    stats: () => ({ groups: table.groups.size, firing: registry.size }),
  };
}

/**
 * Whether an alert is left out of this tick's notifications: silenced at `now` (or `streamNow`
 * for silences on the stream's clock), or, when firing, inhibited by the firing alerts. Built
 * once per tick; the inhibitor only when a firing alert is asked about.
 */
function muteCheck(
  silences: readonly Silence[],
  inhibitRules: readonly InhibitRule[],
  registry: AlertRegistry,
  now: number,
  streamNow: number | null,
): (a: TrackedAlert) => boolean {
  let inhibitor: ReturnType<typeof createInhibitor> | null = null;
  const silenced = silenceFilter(silences, { wall: now, stream: streamNow });
  return (a) => {
    if (silenced(a.labels)) return true;
    if (a.state !== "firing") return false;
    inhibitor ??= createInhibitor(
      inhibitRules,
      [...registry.firing()].map((f) => f.labels),
    );
    return inhibitor.isInhibited(a.labels);
  };
}
