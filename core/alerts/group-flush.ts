/**
 * The flush of one due group: which of its alerts are told (not muted), whether the receiver
 * needs a notification (Alertmanager's dedup against the group's notification log), the
 * notification itself, and the group's next flush `group_interval` away. Pure: the dispatcher
 * hands the results to the notifier, which stores them.
 */
import { type AggregationGroup, type GroupState, needsUpdate } from "./aggregation-group";
import type { AlertTransition, TrackedAlert } from "./alert-registry";
import { buildNotification, type DigestAlert, type Notification } from "./notification";
import type { Policy, ReceiverConfig } from "./policy";
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

/** What a flush needs besides the group: the policy, its receivers by name, and this tick's mute check. */
export interface FlushContext {
  policy: Policy;
  receivers: ReadonlyMap<string, ReceiverConfig>;
  /** Higher is worse, to pick the worst alerts for a digest (absent: the value). */
  score?: (a: DigestAlert) => number;
  /** True for an alert silenced or inhibited now: left out of the notification. */
  muted: (a: TrackedAlert) => boolean;
}

/** The group as persisted; its notification log only with `withLog` (it can be large). */
export const groupState = (g: AggregationGroup, withLog: boolean): GroupState => ({
  key: g.key,
  receiver: g.route.receiver,
  routeKey: g.route.key,
  labels: g.labels,
  nextFlushAt: g.nextFlushAt,
  ...(withLog && g.log
    ? { log: { firing: [...g.log.firing], resolved: [...g.log.resolved], at: g.log.at } }
    : {}),
});

/**
 * Flushes `g` at `now` into `out` (its notification, its new state, or its key among the
 * deleted). Returns false when the group became empty: the caller drops it.
 */
export function flushGroup(g: AggregationGroup, now: number, ctx: FlushContext, out: FlushResult): boolean {
  // Inside a mute interval (or outside the active ones) nothing is sent and nothing is logged as
  // told, as in Alertmanager: the first flush after the interval tells what is new since the last.
  if (timeMuted(g.route, ctx.policy.timeIntervals, now)) {
    g.nextFlushAt = now + g.route.groupIntervalMs;
    out.groups.push(groupState(g, false));
    return true;
  }
  const logChanged = notify(g, now, ctx, out);
  // Resolved alerts have been dealt with (told, or never told and now gone): drop them.
  for (const a of g.alerts.values()) if (a.state === "resolved") g.alerts.delete(a.fingerprint);
  g.nextFlushAt = now + g.route.groupIntervalMs;
  if (g.alerts.size === 0) {
    out.deletedGroups.push(g.key);
    return false;
  }
  out.groups.push(groupState(g, logChanged));
  return true;
}

/** Updates the group's log and queues a notification when the receiver needs one; true when the log changed. */
function notify(g: AggregationGroup, now: number, ctx: FlushContext, out: FlushResult): boolean {
  const receiver = ctx.receivers.get(g.route.receiver);
  const sendResolved = receiver?.send_resolved ?? true;
  const firing: TrackedAlert[] = [];
  const resolved: TrackedAlert[] = [];
  for (const a of g.alerts.values()) {
    if (ctx.muted(a)) continue;
    (a.state === "firing" ? firing : resolved).push(a);
  }
  const firingSet = new Set(firing.map((a) => a.fingerprint));
  const resolvedSet = new Set(resolved.map((a) => a.fingerprint));
  if (
    (firing.length === 0 && resolved.length === 0) ||
    !needsUpdate(g.log, firingSet, resolvedSet, { sendResolved, repeatMs: g.route.repeatIntervalMs, now })
  )
    return false;
  g.log = { firing: firingSet, resolved: resolvedSet, at: now };
  if (firing.length > 0 || sendResolved) {
    out.notifications.push(
      buildNotification({
        receiver: g.route.receiver,
        groupKey: g.key,
        groupLabels: g.labels,
        firing,
        resolved: sendResolved ? resolved : [],
        maxAlerts: receiver?.max_alerts ?? ctx.policy.digestTop,
        externalUrl: ctx.policy.externalUrl,
        now,
        ...(ctx.score ? { score: ctx.score } : {}),
      }),
    );
  }
  return true;
}
