/**
 * One notification group: the alerts that share a route and the values of its `group_by` labels,
 * and its timers. As in Alertmanager: the first message waits `group_wait` (to batch the first
 * burst), later ones come at most every `group_interval` and only if something changed, and an
 * unchanged group is re-notified every `repeat_interval`. The notification log (what was last
 * sent) is what makes a restart neither forget nor repeat a notification.
 */
import type { TrackedAlert } from "./alert-registry";
import type { Route } from "./policy";

/** What the last notification of a group contained. */
export interface NotificationLog {
  firing: ReadonlySet<string>;
  resolved: ReadonlySet<string>;
  /** Wall-clock ms it was sent (decided). */
  at: number;
}

export interface AggregationGroup {
  key: string;
  route: Route;
  labels: Record<string, string>;
  alerts: Map<string, TrackedAlert>;
  /** Wall-clock ms of the next flush. */
  nextFlushAt: number;
  log: NotificationLog | null;
}

/** A group as persisted (notification_groups). */
export interface GroupState {
  key: string;
  receiver: string;
  routeKey: string;
  labels: Record<string, string>;
  nextFlushAt: number;
  /** Present when the notification log changed in this flush (it can be large; written only then). */
  log?: { firing: string[]; resolved: string[]; at: number };
}

const isSubset = (sub: ReadonlySet<string>, of: ReadonlySet<string>) => {
  if (sub.size > of.size) return false;
  for (const x of sub) if (!of.has(x)) return false;
  return true;
};

/**
 * Alertmanager's dedup decision: notify when an alert fires that the last message did not
 * list as firing; when everything resolved and the last message still had firing alerts; when
 * new resolved alerts exist (if the receiver wants resolved ones); or when `repeatMs` passed.
 */
export function needsUpdate(
  log: NotificationLog | null,
  firing: ReadonlySet<string>,
  resolved: ReadonlySet<string>,
  { sendResolved, repeatMs, now }: { sendResolved: boolean; repeatMs: number; now: number },
): boolean {
  if (!log) return firing.size > 0;
  if (!isSubset(firing, log.firing)) return true;
  if (firing.size === 0) return log.firing.size > 0;
  if (sendResolved && !isSubset(resolved, log.resolved)) return true;
  return now - log.at >= repeatMs;
}
