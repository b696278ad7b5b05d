/**
 * Replays whose process died stay `running` in their row until someone says otherwise: this marks
 * failed those whose heartbeat stopped, at start and then periodically, from any web process.
 */
import type { ReplayStore } from "../../adapters/db/replay-store";
import type { Logger } from "../../adapters/log";
import { describeError } from "../../core/errors";

/** Why a replay whose process died is failed. */
export const abandonedReplayError = "the process that ran it stopped before it finished";

/** Checks now and every `everyMs`; returns the stop. */
export function startAbandonedReplaySweep({
  store,
  logger,
  afterMs,
  everyMs,
}: {
  store: Pick<ReplayStore, "failAbandoned">;
  logger: Logger;
  /** A heartbeat older than this means the process died. */
  afterMs: number;
  everyMs: number;
}): () => void {
  const sweep = () =>
    store
      .failAbandoned(afterMs, abandonedReplayError)
      .then((ids) => {
        if (ids.length) logger.warn("replays marked failed: their process stopped", { ids });
      })
      .catch((err) => logger.warn("abandoned replay check failed", { error: describeError(err) }));
  void sweep();
  const sweeper = setInterval(sweep, everyMs);
  sweeper.unref();
  return () => clearInterval(sweeper);
}
