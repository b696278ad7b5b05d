/**
 * The receivers' state as the Alerts page shows it, from what the notifiers published about
 * themselves (heartbeats with their receivers) and what the delivery log says (attempts, retries,
 * notifications given up). The rule that keeps it honest: a receiver is `enabled` or `disabled`
 * only while a leading notifier says so; with none running every receiver is `unknown`, never a
 * stale "ok", and the notifier's own state says why.
 */
import type {
  NotifierPresence,
  PublishedReceiver,
  ReceiverStatus,
  ReceiversResponse,
} from "../api/receivers";
import type { ReceiverType } from "./policy";

/** One notifier instance's last report (a `notifier_status` row). Times are wall-clock ms. */
export interface NotifierReport {
  instanceId: string;
  role: "standby" | "leader" | "stopped";
  heartbeatAt: number;
  heartbeatEveryMs: number;
  receivers: PublishedReceiver[];
}

/** What the delivery log says about one receiver. */
export type ReceiverFacts = Pick<
  ReceiverStatus,
  "lastAttempt" | "lastDeliveredAt" | "retriesPending" | "queued" | "deadLettered"
>;

/** A report older than this many of its own heartbeat periods is from a notifier that is gone. */
export const missedHeartbeats = 3;

const noFacts: ReceiverFacts = {
  lastAttempt: null,
  lastDeliveredAt: null,
  retriesPending: 0,
  queued: 0,
  deadLettered: 0,
};

/** Whether `r` is from a notifier still running at `now`. */
export function isFresh(r: NotifierReport, now: number): boolean {
  return r.role !== "stopped" && now - r.heartbeatAt <= missedHeartbeats * r.heartbeatEveryMs;
}

/**
 * @param reports every instance's last report for this deployment
 * @param facts the delivery log per receiver name
 * @param configured the receivers of the policy the web process read, listed (as `unknown`)
 *   when no notifier ever reported
 */
export function receiversReport({
  reports,
  facts,
  configured,
  now,
}: {
  reports: readonly NotifierReport[];
  facts: ReadonlyMap<string, ReceiverFacts>;
  configured: ReadonlyArray<{ name: string; type: ReceiverType }>;
  now: number;
}): ReceiversResponse {
  const newest = [...reports].sort((a, b) => b.heartbeatAt - a.heartbeatAt);
  const leader = newest.find((r) => r.role === "leader" && isFresh(r, now)) ?? null;
  const standbys = newest.filter((r) => r.role === "standby" && isFresh(r, now)).length;
  const notifier: NotifierPresence = {
    state:
      newest.length === 0 ? "never-seen" : leader ? "running" : standbys > 0 ? "no-leader" : "not-running",
    leader: leader?.instanceId ?? null,
    standbys,
    lastSeenAt: newest[0]?.heartbeatAt ?? null,
  };
  // The receivers as the leader has them; without one, the last list any instance published.
  const listed: Array<Pick<PublishedReceiver, "name" | "type"> & Partial<PublishedReceiver>> =
    leader?.receivers ?? newest[0]?.receivers ?? configured.map((c) => ({ ...c }));
  const receivers = listed.map(
    (r): ReceiverStatus => ({
      name: r.name,
      type: r.type,
      state: leader ? (r.enabled ? "enabled" : "disabled") : "unknown",
      disabledReason: leader && !r.enabled ? (r.disabledReason ?? null) : null,
      target: r.target ?? null,
      ...(facts.get(r.name) ?? noFacts),
    }),
  );
  return { notifier, receivers };
}
