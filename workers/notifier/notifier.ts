/**
 * The notifier: wires the `alerts` topic, the central view-rule evaluation (from `frames`), the
 * dispatcher (grouping, silences, inhibition, timing), Postgres (history, groups, outbox) and the
 * delivery loop together. Only the instance holding the leader lock does any of it; the others
 * wait as hot standbys. Every decision is stored before it counts: alert state changes before
 * their Kafka offsets are committed, a flush's notifications together with the groups' logs.
 */
import type { Alert } from "../../core/alerts/alert";
import { createReportBook } from "../../core/pipeline/reports";
import { isDataAlert } from "../../core/pipeline/stale-alerts";
import { createFlushStep } from "./notifier-flush";
import { type NotifierKafka, startNotifierKafka } from "./notifier-kafka";
import type { Notifier, NotifierOptions, NotifierRole } from "./notifier-options";
import { delivererFor, heartbeatFor, notifierStats, restoreState, scoredDispatcher } from "./notifier-parts";
import { createNotifierTimers } from "./notifier-timers";
import { createPipelineWatch, type PipelineWatch } from "./pipeline-watch";
import { createViewRules } from "./view-rules";
import { createWriteQueue } from "./write-queue";

export type { Notifier, NotifierOptions, NotifierRole, NotifierStats } from "./notifier-options";

/** Creates a notifier; nothing runs until {@link Notifier.start}. Defaults are on {@link NotifierOptions}. */
export function createNotifier(o: NotifierOptions): Notifier {
  const clock = o.clock ?? Date.now;
  const tickMs = o.tickMs ?? 200;
  const log = o.logger;
  const { dispatcher, setRules } = scoredDispatcher(o);
  const viewRules = createViewRules({ clock, resendMs: o.resendMs ?? 30_000 });
  const deliverer = delivererFor(o, clock);
  let role: NotifierRole = "starting";
  let stopping = false;
  const abort = new AbortController();
  const timers = createNotifierTimers(log);
  let kafka: NotifierKafka | null = null;
  const counts = { viewAlerts: 0, notificationsQueued: 0 };
  /** Every worker's last frame header, for the meta-alerts (kept an hour after it goes silent). */
  const reports = createReportBook({ forgetAfterMs: 3_600_000 });

  const queue = createWriteQueue({ logger: log, stopping: () => stopping });
  const write = queue.write;
  const heartbeat = heartbeatFor(o, () => role, clock);

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

  const tick = createFlushStep(o, { dispatcher, write, deliverer, reports, clock, counts });

  const loadRules = async () => {
    const rules = await o.rulesStore.load();
    setRules(rules);
    viewRules.setRules(rules);
  };
  const loadSilences = async () => dispatcher.setSilences(await o.store.loadSilences(clock()));
  const every = timers.every;

  const onFrame = async (frame: Parameters<typeof viewRules.add>[0], publish: NotifierKafka["publish"]) => {
    reports.add(frame, clock());
    const alerts = viewRules.add(frame);
    if (alerts.length === 0) return;
    counts.viewAlerts += alerts.length;
    await ingest(alerts);
    // Published for everyone else (the web tier); our own consumer skips them by the header.
    await publish(alerts);
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
      await restoreState(o, dispatcher, clock());
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
      timers.repeat(tickMs, tick);
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
      kafka = await startNotifierKafka(o, { onAlerts: ingest, onFrame });
      log.info("notifier running", { receivers: [...o.receivers.keys()] });
    },
    async stop() {
      if (stopping) return;
      stopping = true;
      abort.abort();
      await timers.stop();
      await kafka?.stopConsuming();
      await queue.drained();
      await deliverer.stop();
      await heartbeat?.stop();
      await kafka?.disconnect();
      await o.lock?.release();
      role = "stopped";
    },
    role: () => role,
    stats: () => notifierStats(role, dispatcher, kafka, counts, deliverer),
  };
}
