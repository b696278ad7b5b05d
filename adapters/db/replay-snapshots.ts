/**
 * A replay's frame snapshots (`frame_snapshots`, by snapshot group) as playback and the report
 * read them: per second, between two seconds, the newest at a second, and the range they cover.
 */
import type pg from "pg";
import { type Frame, FrameSchema } from "../../core/frames/frame";
import type { SnapshotRow } from "../../core/live/history";

type Queryable = Pick<pg.Pool, "query">;

export interface ReplaySnapshotReads {
  /** Snapshots of a group in event-time order, grouped per second: one frame per worker. */
  snapshots(group: string): Promise<Array<{ t: number; frames: Frame[] }>>;
  /** Snapshots of `group` with `afterSec` < t <= `toSec`, oldest first, at most `limit` rows. */
  framesBetween(group: string, afterSec: number, toSec: number, limit: number): Promise<SnapshotRow[]>;
  /** First and last snapshot second of `group` within [fromSec, toSec]; null when there is none. */
  extent(group: string, fromSec: number, toSec: number): Promise<{ from: number; to: number } | null>;
  /** The newest snapshot of each source at or before `atSec` (not older than `lookbackSec`). */
  framesAt(group: string, atSec: number, lookbackSec: number): Promise<SnapshotRow[]>;
}

/** Frames that do not match the schema (an older version, a damaged row) are left out. */
function frames(rows: Array<{ t: string; frame: unknown }>): SnapshotRow[] {
  const out: SnapshotRow[] = [];
  for (const r of rows) {
    const parsed = FrameSchema.safeParse(r.frame);
    if (parsed.success) out.push({ t: Number(r.t), frame: parsed.data });
  }
  return out;
}

export function createReplaySnapshotReads(pool: Queryable): ReplaySnapshotReads {
  return {
    async framesBetween(group, afterSec, toSec, limit) {
      const { rows } = await pool.query(
        `select t, frame from frame_snapshots where "group" = $1 and t > $2 and t <= $3
         order by t, source limit $4`,
        [group, afterSec, toSec, limit],
      );
      return frames(rows);
    },
    async extent(group, fromSec, toSec) {
      const { rows } = await pool.query<{ lo: string | null; hi: string | null }>(
        `select min(t) as lo, max(t) as hi from frame_snapshots where "group" = $1 and t between $2 and $3`,
        [group, fromSec, toSec],
      );
      const r = rows[0];
      return r?.lo == null || r.hi == null ? null : { from: Number(r.lo), to: Number(r.hi) };
    },
    async framesAt(group, atSec, lookbackSec) {
      const { rows } = await pool.query(
        `select distinct on (source) t, frame from frame_snapshots
         where "group" = $1 and t <= $2 and t > $3 order by source, t desc`,
        [group, atSec, atSec - lookbackSec],
      );
      return frames(rows).sort((a, b) => a.t - b.t);
    },
    async snapshots(group) {
      const { rows } = await pool.query<{ t: string; frame: Frame }>(
        `select t, frame from frame_snapshots where "group" = $1 order by t, source`,
        [group],
      );
      const out: Array<{ t: number; frames: Frame[] }> = [];
      for (const r of rows) {
        const t = Number(r.t);
        if (out.at(-1)?.t === t) out.at(-1)!.frames.push(r.frame);
        else out.push({ t, frames: [r.frame] });
      }
      return out;
    },
  };
}
