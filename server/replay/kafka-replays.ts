/**
 * The Kafka replays this web process started: each runs in the background through the runner
 * (a process of its own), at most `maxRunning` at once; closing cancels them and waits.
 */
import type { ReplayStore } from "../../adapters/db/replay-store";
import type { Logger } from "../../adapters/log";
import { describeError, LaunchwatchError } from "../../core/errors";
import type { ReplayInfo } from "../../core/replay/replay-info";
import type { ReplayRequest, ReplayRunner } from "../../core/replay/replay-runner";
import { ReplayBusyError } from "./replay-errors";

export interface KafkaReplays {
  /** Starts the replay and resolves with its row once the runner has recorded it. */
  start(req: ReplayRequest & { id: string }): Promise<ReplayInfo>;
  running(): number;
  close(): Promise<void>;
}

export function createKafkaReplays({
  store,
  runner,
  logger,
  maxRunning,
}: {
  store: Pick<ReplayStore, "get">;
  runner: ReplayRunner;
  logger: Logger;
  maxRunning: number;
}): KafkaReplays {
  const running = new Set<Promise<unknown>>();
  const stopping = new AbortController();

  // The runner writes the row from its own process: wait until it is there (10 s at most).
  async function waitForRow(id: string): Promise<ReplayInfo> {
    for (let i = 0; i < 100; i++) {
      const row = await store.get(id);
      if (row) return row;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new LaunchwatchError(`replay ${id} was not recorded; see the web server log`);
  }

  return {
    async start(req) {
      if (stopping.signal.aborted) throw new ReplayBusyError("the server is stopping");
      if (running.size >= maxRunning)
        throw new ReplayBusyError(`${running.size} replay(s) already re-aggregating; try again when done`);
      const job = runner
        .run(req, { signal: stopping.signal })
        .catch((err) => logger.warn("replay failed", { id: req.id, error: describeError(err) }));
      running.add(job);
      void job.finally(() => running.delete(job));
      return waitForRow(req.id);
    },
    running: () => running.size,
    async close() {
      stopping.abort();
      await Promise.all([...running]);
    },
  };
}
