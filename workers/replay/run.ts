/**
 * Runs a replay: records it, starts `workers` re-aggregation processes over the raw events in
 * Kafka (their own consumer group, so the live workers are not disturbed), waits until they
 * reach the log ends seen at the start, evaluates the view alert rules over the combined
 * frames in event-time order and stores the launch report.
 */
import type { Kafka } from "kafkajs";
import pg from "pg";
import { readGroupPositions } from "../../adapters/db/aggregate-store";
import { createReplayStore, type ReplayStore } from "../../adapters/db/replay-store";
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

/** Time laps: each call returns the wall ms since the previous one. */
function lapTimer(): () => number {
  let mark = Date.now();
  return () => {
    const now = Date.now();
    const ms = now - mark;
    mark = now;
    return ms;
  };
}

/**
 * The row's heartbeat (any web process shows the progress; a stale one means this process
 * died) and a Cancel asked for from any web process, read with it. `check` throws once the
 * replay is cancelled, from the row or by `signal`.
 */
function replayHeartbeat(
  id: string,
  replays: ReplayStore,
  { signal, heartbeatMs = 1000 }: { signal?: AbortSignal; heartbeatMs?: number },
) {
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
  const timer = setInterval(() => void beat().catch(() => {}), heartbeatMs);
  return {
    beat,
    /** The events read so far, written with the next beat. */
    progress(events: { done: number; total: number }) {
      eventsRead = events;
    },
    check() {
      if (cancelAsked) throw new LaunchwatchError("cancelled");
      if (signal?.aborted) throw new LaunchwatchError("cancelled: the process that ran it stopped");
    },
    stop: () => clearInterval(timer),
  };
}

/** A what-if rule that does not apply fails the replay now, not in every process. */
async function checkRuleOverrides(req: ReplayRequest, opts: ReplayOptions): Promise<void> {
  const rules = createRulesStore({ databaseUrl: opts.databaseUrl, logger: opts.logger });
  try {
    applyRuleOverrides(await rules.load(), req.ruleOverrides ?? []);
  } finally {
    await rules.close();
  }
}

/**
 * Polls the replay group's stored positions until they reach the log ends seen at the start,
 * telling `onProgress` the events read; `onStarted` once a first position is stored.
 */
async function waitForLogEnds(
  id: string,
  bounds: Awaited<ReturnType<typeof readLogBounds>>,
  processes: ReplayProcesses,
  {
    databaseUrl,
    timeoutMs = 30 * 60_000,
    check,
    onProgress,
    onStarted,
  }: {
    databaseUrl: string;
    timeoutMs?: number;
    check(): void;
    onProgress(events: { done: number; total: number }): void;
    onStarted(): void;
  },
): Promise<void> {
  const { ends, starts } = bounds;
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    let started = false;
    for (;;) {
      const failed = processes.failed();
      if (failed) throw new LaunchwatchError(failed);
      check();
      if (Date.now() > deadline) throw new LaunchwatchError(`replay ${id} did not finish in time`);
      const at = await readGroupPositions(db, `lw-replay-${id}`);
      if (!started && [...at.values()].some((n) => n > 0)) {
        started = true;
        onStarted();
      }
      let done = 0;
      let total = 0;
      for (const [tp, end] of ends) {
        const low = starts.get(tp) ?? 0;
        total += end - low;
        done += Math.max(0, Math.min(at.get(tp) ?? 0, end) - low);
      }
      onProgress({ done, total });
      if ([...ends].every(([tp, end]) => (at.get(tp) ?? 0) >= end)) return;
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    await db.end();
  }
}

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
  const lap = lapTimer();
  const id = req.id ?? newReplayId();
  const replays = createReplayStore({ databaseUrl: opts.databaseUrl });
  await replays.create({
    id,
    name: req.name,
    from: req.from ?? 0,
    to: req.to ?? Number.MAX_SAFE_INTEGER,
    overrides: req.overrides ?? [],
    ruleOverrides: req.ruleOverrides ?? [],
    baselineId: req.baselineId ?? null,
  });
  let processes: ReplayProcesses | null = null;
  const heartbeat = replayHeartbeat(id, replays, opts);
  try {
    await heartbeat.beat();
    heartbeat.check();
    await checkRuleOverrides(req, opts);
    // Where the logs end now: the replay covers what had arrived when it started.
    const bounds = await readLogBounds(opts.kafka, opts.topics);
    heartbeat.check();
    processes = spawnReplayProcesses({
      id,
      shares: balancePartitions(bounds.sized, Math.max(1, req.workers ?? 1)),
      childEnv: opts.childEnv,
      childExecArgv: opts.childExecArgv,
      storeStepSeconds: req.storeStepSeconds ?? 60,
      logger: opts.logger,
      onReport: (r) => reports.push(r),
    });
    await waitForLogEnds(id, bounds, processes, {
      databaseUrl: opts.databaseUrl,
      timeoutMs: opts.timeoutMs,
      check: heartbeat.check,
      onStarted: () => {
        timings.startMs = lap();
      },
      onProgress: (events) => {
        heartbeat.progress(events);
        opts.onProgress?.(events);
      },
    });
    timings.consumeMs = lap();
    // Let the partitions go idle so the last seconds close, then stop (which emits the last frames).
    await new Promise((r) => setTimeout(r, 2500));
    await processes.stop();

    timings.stopMs = lap();
    heartbeat.check();
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
    heartbeat.stop();
    await replays.close();
  }
}
