/**
 * The notifier: wires the `alerts` topic, the central view-rule evaluation (from `frames`), the
 * dispatcher (grouping, silences, inhibition, timing), Postgres (history, groups, outbox) and the
 * delivery loop together. Only the instance holding the leader lock does any of it; the others
 * wait as hot standbys. Every decision is stored before it counts: alert state changes before
 * their Kafka offsets are committed, a flush's notifications together with the groups' logs.
 */
import type { Kafka, Producer } from "kafkajs";
import type { AlertingStore } from "../../adapters/db/alerting-store";
import type { LeaderLock } from "../../adapters/db/leader-lock";
import type { Outbox } from "../../adapters/db/outbox";
import type { RulesStore } from "../../adapters/db/rules-store";
import type { TopicNames } from "../../adapters/kafka/topics";
import type { Logger } from "../../adapters/log";
import type { Receiver } from "../../adapters/webhooks/receivers";
import type { Alert } from "../../core/alerts/alert";
import { createDispatcher } from "../../core/alerts/dispatcher";
import type { DigestAlert } from "../../core/alerts/notification";
import type { Policy } from "../../core/alerts/policy";
import type { RuleKind } from "../../core/alerts/rule";
import { describeError } from "../../core/errors";
import { createMetaAlerts, type MetaAlertRule } from "../../core/pipeline/meta-alerts";
import { createReportBook } from "../../core/pipeline/reports";
import { createSilenceClock } from "../../core/pipeline/silence-clock";
import { dataStopped, isDataAlert, staleResolution } from "../../core/pipeline/stale-alerts";
import { pipelineStatus } from "../../core/pipeline/status";
import { type AlertsConsumer, originHeader, startAlertsConsumer } from "./alerts-consumer";
import { createDeliverer, type Deliverer, type DeliveryStats } from "./delivery";
import { createViewRules, type FramesFollower, followFrames } from "./view-rules";

export type NotifierRole = "starting" | "standby" | "leader" | "stopped";

export interface NotifierStats {
  role: NotifierRole;
  groups: number;
  firing: number;
  alertsReceived: number;
  alertsInvalid: number;
  frames: number;
  viewAlerts: number;
  notificationsQueued: number;
  delivery: DeliveryStats;
}

export interface Notifier {
  /** Waits for the leader lock (a standby waits here), restores state and starts everything. */
  start(): Promise<void>;
  stop(): Promise<void>;
  role(): NotifierRole;
  stats(): NotifierStats;
}

export interface NotifierOptions {
  kafka: Kafka;
  topics: TopicNames;
  /** Consumer group of the `alerts` topic (shared by the deployment's notifiers). */
  groupId: string;
  instanceId: string;
  store: AlertingStore;
  outbox: Outbox;
  rulesStore: RulesStore;
  policy: Policy;
  /** Enabled receivers by name; notifications for others are dropped (their URL is not set). */
  receivers: ReadonlyMap<string, Receiver>;
  logger: Logger;
  /** Absent: this instance always leads (tests, a single notifier). */
  lock?: LeaderLock;
  clock?: () => number;
  /** Default 200 ms. */
  tickMs?: number;
  /** Default 30 s. */
  rulesRefreshMs?: number;
  /** Default 5 s. */
  silencesRefreshMs?: number;
  /** Re-send period of firing view alerts, default 30 s. */
  resendMs?: number;
  /** Resolved alerts younger than this are restored after a restart (default 1 h). */
  restoreResolvedWithinMs?: number;
  /** Delivery loop settings (see createDeliverer). */
  delivery?: {
    concurrency?: number;
    leaseMs?: number;
    retryBaseMs?: number;
    retryMaxMs?: number;
    maxAgeMs?: number;
  };
  /** Delivered notifications: latency from decision to delivery (metrics, benchmarks). */
  onDelivered?: (latencyMs: number, receiver: string) => void;
  /** Kafka session timeout of the alerts consumer (default 10 s). */
  sessionTimeoutMs?: number;
  /**
   * Meta-alerts about the pipeline itself (core/pipeline/meta-alerts.ts): evaluated every
   * `everyMs` (default 5 s) from the frames' headers; thresholds default to 60 s lag, 30 s silent.
   * Absent: none (the notifier process always sets them; tests of other alerts leave them out).
   * `staleAfterMs`: data alerts resolve once the stream's event time has stood still this long
   * (core/pipeline/stale-alerts.ts; default the policy's resolve_timeout).
   */
  metaAlerts?: { everyMs?: number; rule?: Partial<MetaAlertRule>; staleAfterMs?: number };
}

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

  // Every write goes through one queue, in order, retried until it succeeds (or we stop):
  // history and notifications must not be lost to a database hiccup, and callers wait.
  let chain: Promise<unknown> = Promise.resolve();
  const write = <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    const run = async (): Promise<T> => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await fn();
        } catch (err) {
          if (stopping) throw err;
          log.warn(`could not store ${what}; retrying`, { attempt, error: describeError(err) });
          await new Promise((r) => setTimeout(r, Math.min(5000, 100 * 2 ** attempt)));
        }
      }
    };
    const p = chain.then(run, run);
    chain = p.catch(() => {});
    return p;
  };

  /** The stream's clock for silences made on it (core/pipeline/silence-clock.ts). */
  const silenceClock = createSilenceClock();
  /** The data behind the alerts stopped (see core/pipeline/stale-alerts.ts). */
  let stale = false;
  const ingest = async (updates: Alert[]) => {
    // Re-sends of frozen data say nothing new: they must not fire again what went stale.
    const alerts = stale ? updates.filter((a) => !isDataAlert(a) || a.state === "resolved") : updates;
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
        const meta = createMetaAlerts({ rule: o.metaAlerts.rule, startedAt: clock() });
        const staleAfterMs = o.metaAlerts.staleAfterMs ?? o.policy.resolveTimeoutMs;
        every(o.metaAlerts.everyMs ?? 5000, "meta-alerts", async () => {
          const now = clock();
          const list = reports.list(now);
          const stopped = dataStopped(list, now, staleAfterMs);
          if (stopped && !stale) {
            const since = Math.max(...list.map((r) => r.watermarkMovedAt));
            const firing = [...dispatcher.registry.firing()].filter(isDataAlert);
            if (firing.length)
              log.info("data stopped: resolving its alerts as stale", { alerts: firing.length });
            await ingest(firing.map((a) => staleResolution(a, now, now - since)));
          }
          stale = stopped;
          await ingest(meta.evaluate(list, now));
        });
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
      await chain;
      await deliverer.stop();
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
