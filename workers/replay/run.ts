/**
 * Runs a replay: records it, starts `workers` re-aggregation processes over the raw events in
 * Kafka (their own consumer group, so the live workers are not disturbed), waits until they
 * reach the log ends seen at the start, evaluates the view alert rules over the combined
 * frames in event-time order and stores the launch report.
 */
import type { Kafka } from "kafkajs";
import pg from "pg";
import { readGroupPositions } from "../../adapters/db/aggregate-store";
import { createReplayStore } from "../../adapters/db/replay-store";
import { createRulesStore } from "../../adapters/db/rules-store";
import type { TopicNames } from "../../adapters/kafka/topics";
import type { Logger } from "../../adapters/log";
import { describeError, LaunchwatchError } from "../../core/errors";
import { createProgressMeter } from "../../core/replay/progress";
import { newReplayId, type ReplayRequest } from "../../core/replay/replay-runner";
import { applyRuleOverrides } from "../../core/replay/rule-overrides";
import type { LaunchSummary } from "../../core/replay/summary";
import { balancePartitions } from "./balance";
import { type ReplayProcesses, readLogBounds, spawnReplayProcesses } from "./replay-processes";
import { writeReplayReport } from "./replay-report";
import type { ReplayWorkerReport } from "./worker-report";

export { newReplayId, type ReplayRequest } from "../../core/replay/replay-runner";

export interface ReplayOptions {
  kafka: Kafka;
  topics: TopicNames;
  databaseUrl: string;
  /** Environment for the re-aggregation processes (brokers, database, topic prefix). */
  childEnv: Record<string, string>;
  logger: Logger;
  timeoutMs?: number;
  /** Extra Node flags for the re-aggregation processes (e.g. `--cpu-prof` when measuring). */
  childExecArgv?: string[];
  /** Cancels the replay: its processes are killed and its row ends `failed` (the web stopping). */
  signal?: AbortSignal;
  /** Told about four times a second while the events are read: events stored so far of all. */
  onProgress?: (events: { done: number; total: number }) => void;
  /** How often the row's heartbeat and progress are written and a cancel is looked for (default 1 s). */
  heartbeatMs?: number;
}

/** Where a replay's time went (wall ms), for benchmarks and the log. */
export interface ReplayTimings {
  /**
   * Until a first position is stored: processes started, capacity loaded, partitions assigned,
   * and a first flush interval of consuming.
   */
  startMs: number;
  /** Until the stored positions reach the log ends. */
  consumeMs: number;
  /** Waiting for the last seconds to close, then stopping the processes (last frames). */
  stopMs: number;
  /** View rules over the combined frames and the launch report. */
  reportMs: number;
}

/** What a re-aggregation process reports when it stops (its worker's stats and CPU time). */
export type { ReplayWorkerReport } from "./worker-report";

export async function runReplay(
  req: ReplayRequest,
  opts: ReplayOptions,
): Promise<{
  id: string;
  summary: LaunchSummary;
  ms: number;
  timings: ReplayTimings;
  workers: ReplayWorkerReport[];
}> {
  const t0 = Date.now();
  const timings: ReplayTimings = { startMs: 0, consumeMs: 0, stopMs: 0, reportMs: 0 };
  const reports: ReplayWorkerReport[] = [];
  let mark = t0;
  const lap = () => {
    const now = Date.now();
    const ms = now - mark;
    mark = now;
    return ms;
  };
  const id = req.id ?? newReplayId();
  const replays = createReplayStore({ databaseUrl: opts.databaseUrl });
  const overrides = req.overrides ?? [];
  await replays.create({
    id,
    name: req.name,
    from: req.from ?? 0,
    to: req.to ?? Number.MAX_SAFE_INTEGER,
    overrides,
    ruleOverrides: req.ruleOverrides ?? [],
    baselineId: req.baselineId ?? null,
  });
  let processes: ReplayProcesses | null = null;
  // The row's heartbeat (any web process shows the progress; a stale one means this process
  // died) and a Cancel asked for from any web process, read with it.
  let cancelAsked = false;
  let eventsRead: { done: number; total: number } | null = null;
  let meter: ReturnType<typeof createProgressMeter> | null = null;
  const beat = async () => {
    const progress = eventsRead
      ? (meter ??= createProgressMeter({ total: eventsRead.total })).read(eventsRead.done, Date.now())
      : null;
    const { cancelRequested } = await replays.heartbeat(id, progress);
    if (cancelRequested) cancelAsked = true;
  };
  const heartbeat = setInterval(() => void beat().catch(() => {}), opts.heartbeatMs ?? 1000);
  const cancelled = () => {
    if (cancelAsked) throw new LaunchwatchError("cancelled");
    if (opts.signal?.aborted) throw new LaunchwatchError("cancelled: the process that ran it stopped");
  };
  try {
    await beat();
    cancelled();
    // A what-if rule that does not apply fails the replay now, not in every process.
    const rulesCheck = createRulesStore({ databaseUrl: opts.databaseUrl, logger: opts.logger });
    try {
      applyRuleOverrides(await rulesCheck.load(), req.ruleOverrides ?? []);
    } finally {
      await rulesCheck.close();
    }
    // Where the logs end now: the replay covers what had arrived when it started.
    const { ends, starts, sized } = await readLogBounds(opts.kafka, opts.topics);
    cancelled();
    processes = spawnReplayProcesses({
      id,
      shares: balancePartitions(sized, Math.max(1, req.workers ?? 1)),
      childEnv: opts.childEnv,
      childExecArgv: opts.childExecArgv,
      storeStepSeconds: req.storeStepSeconds ?? 60,
      logger: opts.logger,
      onReport: (r) => reports.push(r),
    });
    const db = new pg.Client({ connectionString: opts.databaseUrl });
    await db.connect();
    try {
      const deadline = Date.now() + (opts.timeoutMs ?? 30 * 60_000);
      let started = false;
      for (;;) {
        const failed = processes.failed();
        if (failed) throw new LaunchwatchError(failed);
        cancelled();
        if (Date.now() > deadline) throw new LaunchwatchError(`replay ${id} did not finish in time`);
        const at = await readGroupPositions(db, `lw-replay-${id}`);
        if (!started && [...at.values()].some((n) => n > 0)) {
          started = true;
          timings.startMs = lap();
        }
        let done = 0;
        let total = 0;
        for (const [tp, end] of ends) {
          const low = starts.get(tp) ?? 0;
          total += end - low;
          done += Math.max(0, Math.min(at.get(tp) ?? 0, end) - low);
        }
        eventsRead = { done, total };
        opts.onProgress?.(eventsRead);
        if ([...ends].every(([tp, end]) => (at.get(tp) ?? 0) >= end)) break;
        await new Promise((r) => setTimeout(r, 250));
      }
    } finally {
      await db.end();
    }
    timings.consumeMs = lap();
    // Let the partitions go idle so the last seconds close, then stop (which emits the last frames).
    await new Promise((r) => setTimeout(r, 2500));
    await processes.stop();

    timings.stopMs = lap();
    cancelled();
    const summary = await writeReplayReport(id, req, {
      replays,
      databaseUrl: opts.databaseUrl,
      logger: opts.logger,
    });
    await replays.finish(id, "done", summary);
    timings.reportMs = lap();
    opts.logger.info("replay done", { id, timings, workers: reports });
    return { id, summary, ms: Date.now() - t0, timings, workers: reports };
  } catch (err) {
    processes?.kill();
    await replays.finish(id, "failed", null, describeError(err)).catch(() => {});
    throw err;
  } finally {
    clearInterval(heartbeat);
    await replays.close();
  }
}
