/**
 * Starts replays from the dashboard. A Kafka replay re-aggregates the raw events in child
 * processes (workers/replay) and runs in the background; a snapshot replay only reads the live
 * snapshots of its range, so its report is ready when the request returns.
 */
import type { ReplayStore } from "../../adapters/db/replay-store";
import type { Logger } from "../../adapters/log";
import type { Alert } from "../../core/alerts/alert";
import type { CapacityTable } from "../../core/capacity/capacity-table";
import { describeError, InvalidInputError, LaunchwatchError } from "../../core/errors";
import type { AlertChange } from "../../core/live/alert-annotations";
import { type HistoryPlan, planHistory, type SnapshotRow } from "../../core/live/history";
import type { CapacityOverride } from "../../core/replay/capacity-overrides";
import { applyRangeFigures, type RangeFiguresData } from "../../core/replay/range-figures";
import type { ReplayInfo } from "../../core/replay/replay-info";
import { newReplayId, type ReplayRunner } from "../../core/replay/replay-runner";
import type { RuleOverride } from "../../core/replay/rule-overrides";
import { summarize } from "../../core/replay/summary";
import { combinedPerBucket } from "../../core/replay/timeline";

export interface StartReplay {
  name: string;
  source: "kafka" | "snapshots";
  /** Event-time ms; default: all the data. */
  from?: number;
  to?: number;
  overrides: CapacityOverride[];
  ruleOverrides: RuleOverride[];
  baselineId: string | null;
  /** Re-aggregation processes of a Kafka replay. */
  workers: number;
}

export interface ReplayLauncher {
  /** Records the replay and starts it; resolves with its row (status `running` for Kafka replays). */
  start(input: StartReplay): Promise<ReplayInfo>;
  /** Kafka replays running now. */
  running(): number;
  /**
   * Asks a running replay to stop, wherever it runs (its runner reads the request with its
   * heartbeat, within about a second); false when it is not running.
   */
  cancel(id: string): Promise<boolean>;
  /** Cancels the running replays (their processes stop, their rows end `failed`) and waits for them. */
  close(): Promise<void>;
}

/** Too many replays at once for this process; retry later. */
export class ReplayBusyError extends LaunchwatchError {}

export interface ReplayLauncherDeps {
  store: ReplayStore;
  /** Runs Kafka replays (adapters/process/replay-process.ts: a process each); stops one early on `signal`. */
  runner: ReplayRunner;
  readSnapshots(plan: HistoryPlan, group: string): Promise<SnapshotRow[]>;
  liveAlertChanges(fromMs: number, toMs: number): Promise<AlertChange[]>;
  capacityTable(): Promise<CapacityTable>;
  /** Created orders per minute and endpoint seconds over capacity of a stream (see ReplayStore). */
  createdPerMinute: RangeFiguresData["createdPerMinute"];
  endpointSecondsOver: RangeFiguresData["endpointSecondsOver"];
  logger: Logger;
  /** Kafka replays allowed at once (default 1: they use every core they get). */
  maxRunning?: number;
  /** Snapshot replays computed at once (default 2: each reads its whole range). */
  maxSnapshotReplays?: number;
  /**
   * A running replay whose runner has not written its heartbeat for this long is marked failed
   * (its process died), at start-up and every `abandonedCheckMs` (defaults 30 s and 15 s).
   */
  abandonedAfterMs?: number;
  abandonedCheckMs?: number;
}

/** Why a replay whose process died is failed. */
export const abandonedReplayError = "the process that ran it stopped before it finished";

/** The live group's snapshot alert changes in the shape the report reads. */
function asAlerts(changes: readonly AlertChange[]): Alert[] {
  return changes
    .filter((c) => c.state !== "pending")
    .map((c) => ({
      v: 1 as const,
      fingerprint: c.fingerprint,
      rule: c.rule,
      state: c.state,
      labels: c.labels,
      annotations: {},
      startsAt: c.at,
      endsAt: c.state === "resolved" ? c.at : null,
      value: 0,
      sentAt: 0,
    }));
}

export function createReplayLauncher(d: ReplayLauncherDeps): ReplayLauncher {
  const maxRunning = d.maxRunning ?? 1;
  const running = new Set<Promise<unknown>>();
  const maxSnapshots = d.maxSnapshotReplays ?? 2;
  let snapshotsRunning = 0;
  const stopping = new AbortController();
  const abandonedAfterMs = d.abandonedAfterMs ?? 30_000;
  const sweep = () =>
    d.store
      .failAbandoned(abandonedAfterMs, abandonedReplayError)
      .then((ids) => {
        if (ids.length) d.logger.warn("replays marked failed: their process stopped", { ids });
      })
      .catch((err) => d.logger.warn("abandoned replay check failed", { error: describeError(err) }));
  void sweep();
  const sweeper = setInterval(sweep, d.abandonedCheckMs ?? 15_000);
  sweeper.unref();

  async function waitForRow(id: string): Promise<ReplayInfo> {
    for (let i = 0; i < 100; i++) {
      const row = await d.store.get(id);
      if (row) return row;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new LaunchwatchError(`replay ${id} was not recorded; see the web server log`);
  }

  async function snapshotReplay(id: string, input: StartReplay): Promise<ReplayInfo> {
    const from = input.from ?? 0;
    const to = input.to ?? Number.MAX_SAFE_INTEGER;
    await d.store.create({
      id,
      name: input.name,
      from,
      to,
      overrides: [],
      baselineId: input.baselineId,
      source: "snapshots",
      framesGroup: "live",
    });
    try {
      const extent = await d.store.extent(
        "live",
        Math.floor(from / 1000),
        Math.floor(Math.min(to, 8.64e15) / 1000),
      );
      if (!extent)
        throw new InvalidInputError("no live snapshots in this range (check from/to and the retention)");
      // One view per minute: the report's minutes over capacity need no finer steps.
      const plan = planHistory(extent.from, extent.to, Math.ceil((extent.to - extent.from + 1) / 60));
      const [rows, changes, table] = await Promise.all([
        d.readSnapshots(plan, "live"),
        d.liveAlertChanges(extent.from * 1000, (extent.to + 1) * 1000),
        d.capacityTable(),
      ]);
      const chainCap = new Map(table.chains.map((c, i) => [c, table.chainCapacityPerMin[i]!]));
      const summary = summarize(combinedPerBucket(plan, rows), chainCap, asAlerts(changes));
      // The range is fixed now: a report over "all the data" does not grow with the launch.
      await applyRangeFigures(summary, d, {
        stream: "live",
        fromMs: extent.from * 1000,
        toMs: (extent.to + 1) * 1000,
        table,
      });
      await d.store.finish(id, "done", summary);
    } catch (err) {
      await d.store.finish(id, "failed", null, describeError(err));
      throw err;
    }
    return (await d.store.get(id))!;
  }

  return {
    async start(input) {
      const id = newReplayId();
      if (input.source === "snapshots") {
        if (input.overrides.length || input.ruleOverrides.length)
          throw new InvalidInputError(
            "what-ifs (capacities, rules) need the raw events: use source kafka (snapshots only replay what happened)",
          );
        if (snapshotsRunning >= maxSnapshots)
          throw new ReplayBusyError(
            `${snapshotsRunning} snapshot replay(s) being computed; try again in a moment`,
          );
        snapshotsRunning++;
        try {
          return await snapshotReplay(id, input);
        } finally {
          snapshotsRunning--;
        }
      }
      if (stopping.signal.aborted) throw new ReplayBusyError("the server is stopping");
      if (running.size >= maxRunning)
        throw new ReplayBusyError(`${running.size} replay(s) already re-aggregating; try again when done`);
      const job = d.runner
        .run(
          {
            id,
            name: input.name,
            from: input.from,
            to: input.to,
            overrides: input.overrides,
            ruleOverrides: input.ruleOverrides,
            baselineId: input.baselineId,
            workers: input.workers,
          },
          { signal: stopping.signal },
        )
        .catch((err) => d.logger.warn("replay failed", { id, error: describeError(err) }));
      running.add(job);
      void job.finally(() => running.delete(job));
      return waitForRow(id);
    },
    running: () => running.size,
    cancel: (id) => d.store.requestCancel(id),
    async close() {
      clearInterval(sweeper);
      stopping.abort();
      await Promise.all([...running]);
    },
  };
}
