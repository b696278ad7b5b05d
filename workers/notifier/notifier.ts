/**
 * The notifier: wires the `alerts` topic, the central view-rule evaluation (from `frames`), the
 * dispatcher (grouping, silences, inhibition, timing), Postgres (history, groups, outbox) and the
 * delivery loop together. Only the instance holding the leader lock does any of it; the others
 * wait as hot standbys. Every decision is stored before it counts: alert state changes before
 * their Kafka offsets are committed, a flush's notifications together with the groups' logs.
 */
import type { Producer } from "kafkajs";
import type { Alert } from "../../core/alerts/alert";
import { createDispatcher } from "../../core/alerts/dispatcher";
import type { DigestAlert } from "../../core/alerts/notification";
import type { RuleKind } from "../../core/alerts/rule";
import { describeError } from "../../core/errors";
import { createReportBook } from "../../core/pipeline/reports";
import { createSilenceClock } from "../../core/pipeline/silence-clock";
import { isDataAlert } from "../../core/pipeline/stale-alerts";
import { pipelineStatus } from "../../core/pipeline/status";
import { type AlertsConsumer, originHeader, startAlertsConsumer } from "./alerts-consumer";
import { createDeliverer, type Deliverer } from "./delivery";
import type { Notifier, NotifierOptions, NotifierRole } from "./notifier-options";
import { createPipelineWatch, type PipelineWatch } from "./pipeline-watch";
import { createStatusHeartbeat, publishedReceivers } from "./status-heartbeat";
import { createViewRules, type FramesFollower, followFrames } from "./view-rules";
import { createWriteQueue } from "./write-queue";

export type { Notifier, NotifierOptions, NotifierRole, NotifierStats } from "./notifier-options";

/** Creates a notifier; nothing runs until {@link Notifier.start}. Defaults are on {@link NotifierOptions}. */
export function createNotifier(o: NotifierOptions): Notifier {
  const clock = o.clock ?? Date.now;
  const tickMs = o.tickMs ?? 200;
  const log = o.logger;
  const kinds = new Map<string, RuleKind>();
  // Higher is worse; a saturation forecast is worse the sooner it comes.
  const score = (a: DigestAlert) =>
    kinds.get(a.labels.alertname ?? "") === "saturation_forecast" ? -a.value : a.value;
  const dispatcher = createDispatcher({ policy: o.policy, score });
  const viewRules = createViewRules({ clock, resendMs: o.resendMs ?? 30_000 });
  const deliverer: Deliverer = createDeliverer({
    outbox: o.outbox,
    receivers: o.receivers,
    owner: o.instanceId,
    logger: log.child({ part: "delivery" }),
    clock,
    ...o.delivery,
    onDelivered: (row, latency) => o.onDelivered?.(latency, row.receiver),
  });
  let role: NotifierRole = "starting";
  let stopping = false;
  const abort = new AbortController();
  const timers: NodeJS.Timeout[] = [];
  let tickTimer: NodeJS.Timeout | undefined;
  let ticking: Promise<void> = Promise.resolve();
  let consumer: AlertsConsumer | null = null;
  let frames: FramesFollower | null = null;
  let producer: Producer | null = null;
  const counts = { viewAlerts: 0, notificationsQueued: 0 };
  /** Every worker's last frame header, for the meta-alerts (kept an hour after it goes silent). */
  const reports = createReportBook({ forgetAfterMs: 3_600_000 });

  const queue = createWriteQueue({ logger: log, stopping: () => stopping });
  const write = queue.write;
  const heartbeat =
    o.status &&
    createStatusHeartbeat({
      writer: o.status.writer,
      alertsTopic: o.topics.alerts,
      instanceId: o.instanceId,
      role: () => (role === "leader" ? "leader" : "standby"),
      receivers: publishedReceivers(o.policy, o.receivers, o.status.disabled),
      logger: log,
      ...(o.status.everyMs ? { everyMs: o.status.everyMs } : {}),
      clock,
    });

  /** The stream's clock for silences made on it (core/pipeline/silence-clock.ts). */
  const silenceClock = createSilenceClock();
  /** Meta-alerts and stale data (absent without `metaAlerts`). */
  let watch: PipelineWatch | null = null;
  const ingest = async (updates: Alert[]) => {
    // Re-sends of frozen data say nothing new: they must not fire again what went stale.
    const alerts = watch?.stale()
      ? updates.filter((a) => !isDataAlert(a) || a.state === "resolved")
      : updates;
    if (alerts.length === 0) return;
    const transitions = dispatcher.ingest(alerts, clock());
    if (transitions.length > 0) await write("alert changes", () => o.store.recordTransitions(transitions));
  };

  const tick = async () => {
    const now = clock();
    silenceClock.observe(pipelineStatus(reports.list(now), now).streamTime);
    const r = dispatcher.tick(now, silenceClock.at(now).stream);
    if (r.transitions.length > 0)
      await write("alert changes", () => o.store.recordTransitions(r.transitions));
    const notifications = r.notifications.filter((n) => o.receivers.has(n.receiver));
    if (notifications.length > 0 || r.groups.length > 0 || r.deletedGroups.length > 0) {
      await write("notifications", () => o.store.commitFlush({ ...r, notifications }));
      counts.notificationsQueued += notifications.length;
      if (notifications.length > 0) deliverer.wake();
    }
  };

  const scheduleTick = () => {
    if (stopping) return;
    tickTimer = setTimeout(() => {
      ticking = tick()
        .catch((err) => log.error("tick failed", { error: describeError(err) }))
        .finally(scheduleTick);
    }, tickMs);
  };

  const loadRules = async () => {
    const rules = await o.rulesStore.load();
    kinds.clear();
    for (const r of rules) kinds.set(r.id, r.kind);
    viewRules.setRules(rules);
  };
  const loadSilences = async () => dispatcher.setSilences(await o.store.loadSilences(clock()));
  const every = (ms: number, what: string, fn: () => Promise<unknown>) => {
    const t = setInterval(() => {
      fn().catch((err) => log.warn(`could not refresh ${what}`, { error: describeError(err) }));
    }, ms);
    timers.push(t);
  };

  const onFrame = async (frame: Parameters<typeof viewRules.add>[0]) => {
    reports.add(frame, clock());
    const alerts = viewRules.add(frame);
    if (alerts.length === 0) return;
    counts.viewAlerts += alerts.length;
    await ingest(alerts);
    // Published for everyone else (the web tier); our own consumer skips them by the header.
    await producer
      ?.send({
        topic: o.topics.alerts,
        messages: alerts.map((a) => ({
          key: a.fingerprint,
          value: JSON.stringify(a),
          headers: { [originHeader]: o.instanceId },
        })),
      })
      .catch((err) => log.warn("could not publish view alerts", { error: describeError(err) }));
  };

  return {
    async start() {
      heartbeat?.start();
      if (o.lock) {
        role = "standby";
        log.info("waiting for the notifier lock (hot standby)");
        await o.lock.acquire(abort.signal);
      }
      if (stopping) return;
      role = "leader";
      const now = clock();
      const state = await o.store.loadState(now, o.restoreResolvedWithinMs ?? 3_600_000);
      const orphans = dispatcher.restore(state, now);
      await o.store.deleteGroups(orphans);
      log.info("leading: state restored", {
        firing: dispatcher.stats().firing,
        groups: dispatcher.stats().groups,
        droppedGroups: orphans.length,
      });
      await Promise.all([loadRules(), loadSilences()]);
      every(o.rulesRefreshMs ?? 30_000, "rules", loadRules);
      every(o.silencesRefreshMs ?? 5000, "silences", loadSilences);
      every(3_600_000, "retention", () =>
        o.store.prune({
          outboxOlderThan: clock() - 7 * 86_400_000,
          eventsOlderThan: clock() - 30 * 86_400_000,
        }),
      );
      deliverer.start();
      scheduleTick();
      if (o.metaAlerts) {
        const w = createPipelineWatch({
          reports,
          firing: () => dispatcher.registry.firing(),
          ingest,
          clock,
          logger: log,
          rule: o.metaAlerts.rule,
          staleAfterMs: o.metaAlerts.staleAfterMs ?? o.policy.resolveTimeoutMs,
        });
        watch = w;
        every(o.metaAlerts.everyMs ?? 5000, "meta-alerts", w.evaluate);
      }
      producer = o.kafka.producer({ allowAutoTopicCreation: false });
      await producer.connect();
      consumer = await startAlertsConsumer({
        kafka: o.kafka,
        topic: o.topics.alerts,
        groupId: o.groupId,
        instanceId: o.instanceId,
        logger: log.child({ part: "alerts" }),
        onAlerts: ingest,
        ...(o.sessionTimeoutMs ? { sessionTimeoutMs: o.sessionTimeoutMs } : {}),
      });
      frames = await followFrames({
        kafka: o.kafka,
        topic: o.topics.frames,
        groupId: `${o.groupId}-frames-${o.instanceId}`,
        logger: log.child({ part: "frames" }),
        onFrame,
      });
      await Promise.all([consumer.ready(), frames.ready()]);
      log.info("notifier running", { receivers: [...o.receivers.keys()] });
    },
    async stop() {
      if (stopping) return;
      stopping = true;
      abort.abort();
      for (const t of timers) clearInterval(t);
      clearTimeout(tickTimer);
      await consumer?.stop();
      await frames?.stop();
      await ticking;
      await queue.drained();
      await deliverer.stop();
      await heartbeat?.stop();
      await producer?.disconnect().catch(() => {});
      await o.lock?.release();
      role = "stopped";
    },
    role: () => role,
    stats() {
      const d = dispatcher.stats();
      const c = consumer?.stats() ?? { received: 0, invalid: 0 };
      return {
        role,
        groups: d.groups,
        firing: d.firing,
        alertsReceived: c.received,
        alertsInvalid: c.invalid,
        frames: frames?.stats().frames ?? 0,
        viewAlerts: counts.viewAlerts,
        notificationsQueued: counts.notificationsQueued,
        delivery: deliverer.stats(),
      };
    },
  };
}
