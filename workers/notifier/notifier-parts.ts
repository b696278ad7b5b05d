/**
 * Pieces of the notifier that need no state of its own: the dispatcher scored by rule kind, the
 * deliverer and the status heartbeat built from the options, the state restored when it starts
 * to lead, and its statistics. notifier.ts wires them.
 */
import type { Dispatcher } from "../../core/alerts/dispatcher";
import { createDispatcher } from "../../core/alerts/dispatcher";
import type { DigestAlert } from "../../core/alerts/notification";
import type { Rule, RuleKind } from "../../core/alerts/rule";
import { createDeliverer, type Deliverer } from "./delivery";
import type { NotifierKafka } from "./notifier-kafka";
import type { NotifierOptions, NotifierRole, NotifierStats } from "./notifier-options";
import { createStatusHeartbeat, publishedReceivers, type StatusHeartbeat } from "./status-heartbeat";

/** The dispatcher, and `setRules` to tell it each rule's kind: digests list the worst first. */
export function scoredDispatcher(o: NotifierOptions): {
  dispatcher: Dispatcher;
  setRules(rules: readonly Rule[]): void;
} {
  const kinds = new Map<string, RuleKind>();
  // Higher is worse; a saturation forecast is worse the sooner it comes.
  const score = (a: DigestAlert) =>
    kinds.get(a.labels.alertname ?? "") === "saturation_forecast" ? -a.value : a.value;
  return {
    dispatcher: createDispatcher({ policy: o.policy, score }),
    setRules(rules) {
      kinds.clear();
      for (const r of rules) kinds.set(r.id, r.kind);
    },
  };
}

export function delivererFor(o: NotifierOptions, clock: () => number): Deliverer {
  return createDeliverer({
    outbox: o.outbox,
    receivers: o.receivers,
    owner: o.instanceId,
    logger: o.logger.child({ part: "delivery" }),
    clock,
    ...o.delivery,
    onDelivered: (row, latency) => o.onDelivered?.(latency, row.receiver),
  });
}

/** The heartbeat publishing this instance's role and receivers (null without `o.status`). */
export function heartbeatFor(
  o: NotifierOptions,
  role: () => NotifierRole,
  clock: () => number,
): StatusHeartbeat | null {
  if (!o.status) return null;
  return createStatusHeartbeat({
    writer: o.status.writer,
    alertsTopic: o.topics.alerts,
    instanceId: o.instanceId,
    role: () => (role() === "leader" ? "leader" : "standby"),
    receivers: publishedReceivers(o.policy, o.receivers, o.status.disabled),
    logger: o.logger,
    ...(o.status.everyMs ? { everyMs: o.status.everyMs } : {}),
    clock,
  });
}

/** Restores the firing alerts and the groups' logs from the database; drops groups no route has. */
export async function restoreState(o: NotifierOptions, dispatcher: Dispatcher, now: number): Promise<void> {
  const state = await o.store.loadState(now, o.restoreResolvedWithinMs ?? 3_600_000);
  const orphans = dispatcher.restore(state, now);
  await o.store.deleteGroups(orphans);
  o.logger.info("leading: state restored", {
    firing: dispatcher.stats().firing,
    groups: dispatcher.stats().groups,
    droppedGroups: orphans.length,
  });
}

export function notifierStats(
  role: NotifierRole,
  dispatcher: Dispatcher,
  kafka: NotifierKafka | null,
  counts: { viewAlerts: number; notificationsQueued: number },
  deliverer: Deliverer,
): NotifierStats {
  const d = dispatcher.stats();
  const c = kafka?.stats() ?? { received: 0, invalid: 0, frames: 0 };
  return {
    role,
    groups: d.groups,
    firing: d.firing,
    alertsReceived: c.received,
    alertsInvalid: c.invalid,
    frames: c.frames,
    viewAlerts: counts.viewAlerts,
    notificationsQueued: counts.notificationsQueued,
    delivery: deliverer.stats(),
  };
}
