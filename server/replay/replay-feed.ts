/**
 * Brings a replay's hub to the playback position: the frame snapshots between the last position
 * fed and the new one go in one by one; a jump (seek back, or far ahead) starts the hub over with
 * the charts' worth of history before the new position. One read at a time: a position that moves
 * meanwhile is caught up by the next round.
 */
import type { Logger } from "../../adapters/log";
import { describeError } from "../../core/errors";
import type { SnapshotRow } from "../../core/live/history";
import type { LiveHub } from "../live/hub";

/** Where a session reads the replay's frames (a frame-snapshot group). */
export interface ReplayFrameSource {
  /** Snapshots with `afterSec` < t <= `toSec`, oldest first, at most `limit`. */
  between(afterSec: number, toSec: number, limit: number): Promise<SnapshotRow[]>;
  /** The newest snapshot of each worker at or before `atSec`. */
  at(atSec: number): Promise<SnapshotRow[]>;
}

export interface ReplayFeed {
  /** Starts catching up with the position (or asks the round under way for one more). */
  sync(): Promise<void>;
  /** Resolves once the hub shows the current position. */
  settled(): Promise<void>;
  close(): void;
}

export interface ReplayFeedOptions {
  hub: Pick<LiveHub, "addFrame" | "reset">;
  frames: ReplayFrameSource;
  /** The playback position now (ms). */
  position(): number;
  /** Called once the hub shows the position (the alerts follow it). */
  fed(positionMs: number): void;
  logger: Logger;
  /** Seconds between the replay's snapshots. */
  stepSec: number;
  /** Chart history fed after a jump, in event seconds. */
  backfillSec: number;
  /** Most snapshots read per round; beyond it the hub jumps to the newest. */
  maxFramesPerTick: number;
}

export function createReplayFeed({
  hub,
  frames,
  position,
  fed,
  logger,
  stepSec,
  backfillSec,
  maxFramesPerTick,
}: ReplayFeedOptions): ReplayFeed {
  /** Event second up to which frames were fed; null: nothing yet. */
  let fedSec: number | null = null;
  let syncing: Promise<void> | null = null;
  let again = false;
  let closed = false;

  const feed = (rows: readonly SnapshotRow[]) => {
    for (const r of rows) hub.addFrame(r.frame);
  };

  async function syncOnce(): Promise<void> {
    const target = Math.floor(position() / 1000);
    if (fedSec === target) return fed(position());
    const jump = fedSec === null || target < fedSec || target - fedSec > backfillSec;
    if (jump) {
      // Start over at the new position with the charts' worth of history before it.
      const rows =
        stepSec >= 60
          ? await frames.between(target - backfillSec, target, maxFramesPerTick * 4)
          : await frames.at(target);
      if (closed) return;
      hub.reset();
      feed(rows);
    } else {
      const rows = await frames.between(fedSec!, target, maxFramesPerTick);
      if (closed) return;
      // Too many to feed one by one (1000x over per-second snapshots): show the newest state.
      feed(rows.length < maxFramesPerTick ? rows : await frames.at(target));
    }
    fedSec = target;
    fed(position());
  }

  const sync = (): Promise<void> => {
    if (syncing) {
      again = true;
      return syncing;
    }
    syncing = (async () => {
      try {
        do {
          again = false;
          await syncOnce();
        } while (again && !closed);
      } catch (err) {
        logger.warn("replay frames could not be read", { error: describeError(err) });
      } finally {
        syncing = null;
      }
    })();
    return syncing;
  };

  return {
    sync,
    async settled() {
      while (syncing) await syncing;
      if (fedSec !== Math.floor(position() / 1000)) await sync();
    },
    close() {
      closed = true;
    },
  };
}
