/**
 * Postgres side of the aggregation workers: reference data in, aggregates and offsets out.
 * The flush is the effectively-once step (aggregate-flush.ts): one transaction locks the
 * partitions' offset rows, drops any partition another worker has moved on (fencing after a
 * rebalance), adds the remaining deltas and advances the offsets. Bulk statements use `unnest` arrays through `pg`
 * directly, as this is the hot path; Prisma owns the schema and the rest of the data access.
 */

import type pg from "pg";
import { type Counters, zeroCounters } from "../../core/aggregation/series";
import type { CapacityTable } from "../../core/capacity/capacity-table";
import type { Frame } from "../../core/frames/frame";
import { flushPartitions, type PartitionFlush } from "./aggregate-flush";
import { loadCapacityTable } from "./capacity-reader";
import { createPool } from "./pool";
import { withTransaction } from "./transaction";

export type { PartitionFlush } from "./aggregate-flush";

export interface StoredPartition {
  topic: string;
  partition: number;
  nextOffset: number;
  watermark: number;
  restoreOffset: number;
  counters: Counters;
}

export interface AggregateStore {
  loadCapacity(): Promise<CapacityTable>;
  /** Creates missing offset rows at 0 and returns what is stored. */
  loadPartitions(
    groupId: string,
    parts: Array<{ topic: string; partition: number }>,
  ): Promise<StoredPartition[]>;
  /** Returns the partitions that were fenced (their deltas were not written). */
  flush(
    groupId: string,
    stream: string,
    parts: PartitionFlush[],
  ): Promise<Array<{ topic: string; partition: number }>>;
  saveSnapshot(stream: string, frame: Frame): Promise<void>;
  /** Deletes the stream's own snapshots older than the given event time (other streams' stay). */
  pruneSnapshots(stream: string, olderThanSeconds: number): Promise<number>;
  close(): Promise<void>;
}

export interface AggregateStoreOptions {
  databaseUrl: string;
  /** Connections (default 4). */
  poolSize?: number;
  /**
   * Finest bucket stored, in event-time seconds (default 1: as the aggregator produces them).
   * Finer series are summed into buckets of this width and stored with it as their resolution,
   * so totals stay exact while a 9-hour replay writes 540 buckets per key instead of 32,400.
   * Must divide 60 or be a multiple of 60, so coarser series (per minute) stay aligned.
   */
  stepSeconds?: number;
  /**
   * Series kept at their own resolution whatever `stepSeconds` (default none). Replays keep
   * `api.requests` per second: the report counts the seconds each endpoint was over capacity.
   */
  keepSeries?: readonly string[];
  /**
   * Whether a commit waits for its WAL flush (default true). Replays turn it off: aggregates and
   * offsets still commit atomically, so a transaction lost in a database crash loses its offsets
   * too and is simply re-read; the commits no longer queue behind fsyncs on a busy disk.
   */
  synchronousCommit?: boolean;
  /** Told about each idle connection lost (a database restart); the pool reconnects by itself. */
  onIdleError?: (err: Error) => void;
}

/**
 * The stored next offset of every partition of a consumer group (`topic/partition` keys):
 * how far a replay's processes have come. Read through the caller's connection.
 */
export async function readGroupPositions(
  db: pg.ClientBase | pg.Pool,
  groupId: string,
): Promise<Map<string, number>> {
  const { rows } = await db.query<{ topic: string; partition: number; next_offset: string }>(
    "select topic, partition, next_offset from consumer_offsets where group_id = $1",
    [groupId],
  );
  return new Map(rows.map((r) => [`${r.topic}/${r.partition}`, Number(r.next_offset)]));
}

export function createAggregateStore({
  databaseUrl,
  poolSize = 4,
  stepSeconds = 1,
  keepSeries = [],
  synchronousCommit = true,
  onIdleError,
}: AggregateStoreOptions): AggregateStore {
  if (!Number.isInteger(stepSeconds) || stepSeconds < 1 || (60 % stepSeconds !== 0 && stepSeconds % 60 !== 0))
    throw new RangeError(`stepSeconds must divide 60 or be a multiple of it, got ${stepSeconds}`);
  const width = { stepSeconds, kept: new Set(keepSeries) };
  const pool = createPool({
    connectionString: databaseUrl,
    onIdleError,
    max: poolSize,
    ...(synchronousCommit ? {} : { options: "-c synchronous_commit=off" }),
  });

  return {
    loadCapacity: () => loadCapacityTable(pool),

    async loadPartitions(groupId, parts) {
      if (parts.length === 0) return [];
      const topics = parts.map((p) => p.topic);
      const partitions = parts.map((p) => p.partition);
      await pool.query(
        `insert into consumer_offsets (group_id, topic, partition, next_offset)
         select $1, t, p, 0 from unnest($2::text[], $3::int[]) as u(t, p)
         on conflict do nothing`,
        [groupId, topics, partitions],
      );
      const r = await pool.query<{
        topic: string;
        partition: number;
        next_offset: string;
        watermark: string;
        restore_offset: string;
        counters: Partial<Counters>;
      }>(
        `select topic, partition, next_offset, watermark, restore_offset, counters from consumer_offsets
         where group_id = $1 and (topic, partition) in (select * from unnest($2::text[], $3::int[]))`,
        [groupId, topics, partitions],
      );
      return r.rows.map((row) => ({
        topic: row.topic,
        partition: row.partition,
        nextOffset: Number(row.next_offset),
        watermark: Number(row.watermark),
        restoreOffset: Number(row.restore_offset),
        counters: { ...zeroCounters(), ...row.counters },
      }));
    },

    async flush(groupId, stream, parts) {
      if (parts.length === 0) return [];
      return withTransaction(pool, (client) => flushPartitions(client, { groupId, stream, parts, width }));
    },

    async saveSnapshot(stream, frame) {
      if (frame.watermark === null) return;
      await pool.query(
        `insert into frame_snapshots ("group", t, source, frame) values ($1, $2, $3, $4)
         on conflict ("group", t, source) do update set frame = excluded.frame`,
        [stream, Math.floor(frame.watermark / 1000), frame.source, JSON.stringify(frame)],
      );
    },

    async pruneSnapshots(stream, olderThanSeconds) {
      const r = await pool.query('delete from frame_snapshots where "group" = $1 and t < $2', [
        stream,
        olderThanSeconds,
      ]);
      return r.rowCount ?? 0;
    },

    close: () => pool.end(),
  };
}
