/**
 * Reads persisted frame snapshots for history charts. For buckets wider than a second only the
 * latest snapshot per worker and bucket leaves Postgres (DISTINCT ON), so a 6-hour range ships
 * about 600 frames per worker instead of 21,600.
 */
import type { PrismaClient } from "@prisma/client";
import { InvalidInputError } from "../../core/errors";
import { FrameSchema } from "../../core/frames/frame";
import { type HistoryPlan, historySlackSec, type SnapshotRow } from "../../core/live/history";
import type { Logger } from "../log";

export interface SnapshotReader {
  /** Snapshot rows of `group` (default `live`) within the plan's range; malformed frames are skipped. */
  read(plan: HistoryPlan, group?: string): Promise<SnapshotRow[]>;
  /** The newest snapshot second of `group`, null when there is none. */
  latest(group?: string): Promise<number | null>;
}

/** Snapshot rows whose frame matches the frame schema; the others are counted in one warning. */
export function validSnapshotRows(
  rows: ReadonlyArray<{ t: bigint | string | number; frame: unknown }>,
  logger: Logger,
): SnapshotRow[] {
  const out: SnapshotRow[] = [];
  let bad = 0;
  for (const r of rows) {
    const parsed = FrameSchema.safeParse(r.frame);
    if (parsed.success) out.push({ t: Number(r.t), frame: parsed.data });
    else bad++;
  }
  if (bad > 0) {
    logger.warn("skipped malformed frame snapshots", {
      count: bad,
      reason: new InvalidInputError("frame snapshot does not match the frame schema").message,
    });
  }
  return out;
}

export function createSnapshotReader(prisma: PrismaClient, { logger }: { logger: Logger }): SnapshotReader {
  return {
    async read(plan, group = "live") {
      const rows =
        plan.step === 1
          ? await prisma.$queryRaw<Array<{ t: bigint; frame: unknown }>>`
              select t, frame from frame_snapshots
              where "group" = ${group} and t between ${plan.from} and ${plan.to + historySlackSec}
              order by t`
          : await prisma.$queryRaw<Array<{ t: bigint; frame: unknown }>>`
              select distinct on (source, b) t, frame
              from (
                select source, t, frame, (t - ${plan.from}) / ${plan.step} as b
                from frame_snapshots
                where "group" = ${group} and t between ${plan.from} and ${plan.to}
              ) s
              order by source, b, t desc`;
      return validSnapshotRows(rows, logger);
    },
    async latest(group = "live") {
      const r = await prisma.frameSnapshot.aggregate({ where: { group }, _max: { t: true } });
      return r._max.t === null ? null : Number(r._max.t);
    },
  };
}
