/**
 * Starts replays from the dashboard. A Kafka replay re-aggregates the raw events in child
 * processes (workers/replay) and runs in the background (kafka-replays.ts); a snapshot replay
 * only reads the live snapshots of its range, so its report is ready when the request returns
 * (snapshot-replays.ts). Replays whose process died are failed by abandoned-replays.ts.
 */
import type { ReplayStore } from "../../adapters/db/replay-store";
import type { Logger } from "../../adapters/log";
import type { CapacityOverride } from "../../core/replay/capacity-overrides";
import type { ReplayInfo } from "../../core/replay/replay-info";
import { newReplayId, type ReplayRunner } from "../../core/replay/replay-runner";
import type { RuleOverride } from "../../core/replay/rule-overrides";
import { startAbandonedReplaySweep } from "./abandoned-replays";
import { createKafkaReplays } from "./kafka-replays";
import { createSnapshotReplays, type SnapshotReplayDeps } from "./snapshot-replays";

export { abandonedReplayError } from "./abandoned-replays";
export { ReplayBusyError } from "./replay-errors";

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

export interface ReplayLauncherDeps extends SnapshotReplayDeps {
  store: ReplayStore;
  /** Runs Kafka replays (adapters/process/replay-process.ts: a process each); stops one early on `signal`. */
  runner: ReplayRunner;
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

export function createReplayLauncher(d: ReplayLauncherDeps): ReplayLauncher {
  const stopSweep = startAbandonedReplaySweep({
    store: d.store,
    logger: d.logger,
    afterMs: d.abandonedAfterMs ?? 30_000,
    everyMs: d.abandonedCheckMs ?? 15_000,
  });
  const snapshots = createSnapshotReplays(d, d.maxSnapshotReplays ?? 2);
  const kafka = createKafkaReplays({
    store: d.store,
    runner: d.runner,
    logger: d.logger,
    maxRunning: d.maxRunning ?? 1,
  });

  return {
    async start(input) {
      const id = newReplayId();
      if (input.source === "snapshots") return snapshots.start(id, input);
      return kafka.start({
        id,
        name: input.name,
        from: input.from,
        to: input.to,
        overrides: input.overrides,
        ruleOverrides: input.ruleOverrides,
        baselineId: input.baselineId,
        workers: input.workers,
      });
    },
    running: () => kafka.running(),
    cancel: (id) => d.store.requestCancel(id),
    async close() {
      stopSweep();
      await kafka.close();
    },
  };
}
