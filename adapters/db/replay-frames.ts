/**
 * The snapshot reads behind a replay's start: the launch report of a snapshot replay (when it
 * is started) and the timeline under the scrubber (when it is opened) each go over the whole
 * range, the latest snapshot per worker and bucket, as `SnapshotReader.read` does. A full-scale
 * frame weighs about 30 KB, two thirds of it the ~300 cities' windows, which neither pass
 * reads; shipping, validating and combining them for every bucket of a launch took most of the
 * ~25 s a snapshot replay needed before its first frame (issue 15). So Postgres leaves out here
 * what each pass does not read, and the pg pool reads it (no Prisma: its raw queries cost
 * more than the query itself on frames this size).
 *
 * Left out parts become empty, never invented numbers: an empty breakdown or list, so the
 * frames still match the frame schema and combine as before. Fields added to frames later are
 * kept unless named here.
 */
import type pg from "pg";
import { type HistoryPlan, historySlackSec, type SnapshotRow } from "../../core/live/history";
import type { Logger } from "../log";
import { validSnapshotRows } from "./snapshot-reader";

/** What a pass reads of each frame; the rest is left out (see {@link leftOut}). */
export type ReplayFramePass = "report" | "timeline";

/**
 * Per pass, the frame fields left out: required ones replaced by an empty value, optional ones
 * dropped. The report (core/replay/summary.ts) reads totals, rates, chains, endpoints and the
 * top shops; the timeline (core/replay/timeline.ts) only totals, order rates and shops over
 * capacity.
 */
export const leftOut: Record<ReplayFramePass, { empty: Record<string, unknown>; dropped: string[] }> = {
  report: {
    empty: { byCity: {}, watchedShops: [], seconds: [] },
    dropped: ["byCityMade", "byCityFailed", "shopsOverByCity"],
  },
  timeline: {
    empty: {
      byCity: {},
      watchedShops: [],
      seconds: [],
      byChain: {},
      byStatus: {},
      errorClasses: {},
      topShops: [],
      endpoints: [],
    },
    dropped: [
      "byCityMade",
      "byCityFailed",
      "shopsOverByCity",
      "byChainMade",
      "byChainFailed",
      "shopsOverByChain",
    ],
  },
};

export interface ReplayFrames {
  /**
   * Snapshot rows of `group` within the plan's range (at most one per worker and bucket when
   * the plan's step is wider than a second), with only what `pass` reads of each frame.
   */
  read(plan: HistoryPlan, group: string, pass: ReplayFramePass): Promise<SnapshotRow[]>;
}

export function createReplayFrames({ pool, logger }: { pool: pg.Pool; logger: Logger }): ReplayFrames {
  return {
    async read(plan, group, pass) {
      const { empty, dropped } = leftOut[pass];
      // Applied to the rows DISTINCT ON keeps only: the others are never detoasted.
      const lean = `(frame - $4::text[]) || $5::jsonb`;
      const { rows } =
        plan.step === 1
          ? await pool.query<{ t: string; frame: unknown }>(
              `select t, ${lean} as frame from frame_snapshots
               where "group" = $1 and t between $2 and $3 order by t`,
              [group, plan.from, plan.to + historySlackSec, dropped, JSON.stringify(empty)],
            )
          : await pool.query<{ t: string; frame: unknown }>(
              `select t, ${lean} as frame from (
                 select distinct on (source, b) t, frame
                 from (
                   select source, t, frame, (t - $2) / $6 as b
                   from frame_snapshots
                   where "group" = $1 and t between $2 and $3
                 ) s
                 order by source, b, t desc
               ) kept`,
              [group, plan.from, plan.to, dropped, JSON.stringify(empty), plan.step],
            );
      return validSnapshotRows(rows, logger);
    },
  };
}
