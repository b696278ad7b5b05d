/**
 * Postgres side of the aggregation workers: reference data in, aggregates and offsets out.
 * The flush is the effectively-once step: one transaction locks the partitions' offset rows,
 * drops any partition another worker has moved on (fencing after a rebalance), adds the
 * remaining deltas and advances the offsets. Bulk statements use `unnest` arrays through `pg`
 * directly, as this is the hot path; Prisma owns the schema and the rest of the data access.
 */

import type pg from "pg";
import type { PartitionDelta } from "../../core/aggregation/deltas";
import { bucketOf, type Counters, zeroCounters } from "../../core/aggregation/series";
import type { CapacityTable } from "../../core/capacity/capacity-table";
import type { Frame } from "../../core/frames/frame";
import { loadCapacityTable } from "./capacity-reader";
import { createPool } from "./pool";
import { withTransaction } from "./transaction";

export interface StoredPartition {
  topic: string;
  partition: number;
  nextOffset: number;
  watermark: number;
  restoreOffset: number;
  counters: Counters;
}

export interface PartitionFlush {
  topic: string;
  partition: number;
  /** The next offset this worker believes is stored; a different stored value means we were fenced. */
  expectedNext: number;
  nextOffset: number;
  watermark: number;
  restoreOffset: number;
  counters: Counters;
  delta: PartitionDelta;
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
  const kept = new Set(keepSeries);
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
      return withTransaction(pool, async (client) => {
        const locked = await client.query<{ topic: string; partition: number; next_offset: string }>(
          `select topic, partition, next_offset from consumer_offsets
           where group_id = $1 and (topic, partition) in (select * from unnest($2::text[], $3::int[]))
           order by topic, partition for update`,
          [groupId, parts.map((p) => p.topic), parts.map((p) => p.partition)],
        );
        const stored = new Map(locked.rows.map((r) => [`${r.topic}/${r.partition}`, Number(r.next_offset)]));
        const accepted: PartitionFlush[] = [];
        const fenced: Array<{ topic: string; partition: number }> = [];
        for (const p of parts) {
          if (stored.get(`${p.topic}/${p.partition}`) === p.expectedNext) accepted.push(p);
          else fenced.push({ topic: p.topic, partition: p.partition });
        }
        // Sum metric deltas across partitions first: one row per key in the statement.
        const metrics = new Map<string, { r: number; s: string; b: number; k: string; v: number }>();
        for (const p of accepted) {
          for (const m of p.delta.metrics) {
            let r = m.resolution;
            let b = m.bucket;
            if (r > 0 && r < stepSeconds && !kept.has(m.series)) {
              r = stepSeconds;
              b = bucketOf(stepSeconds, b);
            }
            const id = `${r}\u0000${m.series}\u0000${b}\u0000${m.key}`;
            const cur = metrics.get(id);
            if (cur) cur.v += m.value;
            else metrics.set(id, { r, s: m.series, b, k: m.key, v: m.value });
          }
        }
        if (metrics.size > 0) {
          // One order for every writer: concurrent flushes of overlapping keys then queue on
          // row locks instead of deadlocking.
          const rows = [...metrics.entries()]
            .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
            .map((e) => e[1]);
          await client.query(
            `insert into metric_buckets ("group", resolution, series, bucket, key, value)
             select $1, r, s, b, k, v from unnest($2::int[], $3::text[], $4::bigint[], $5::text[], $6::bigint[]) as u(r, s, b, k, v)
             on conflict ("group", resolution, series, bucket, key) do update set value = metric_buckets.value + excluded.value`,
            [
              stream,
              rows.map((x) => x.r),
              rows.map((x) => x.s),
              rows.map((x) => x.b),
              rows.map((x) => x.k),
              rows.map((x) => x.v),
            ],
          );
        }
        if (accepted.length > 0) {
          await client.query(
            `update consumer_offsets o set next_offset = u.n, watermark = u.w, restore_offset = u.r, counters = u.c
             from unnest($2::text[], $3::int[], $4::bigint[], $5::bigint[], $6::bigint[], $7::jsonb[]) as u(t, p, n, w, r, c)
             where o.group_id = $1 and o.topic = u.t and o.partition = u.p`,
            [
              groupId,
              accepted.map((p) => p.topic),
              accepted.map((p) => p.partition),
              accepted.map((p) => p.nextOffset),
              accepted.map((p) => p.watermark),
              accepted.map((p) => p.restoreOffset),
              accepted.map((p) => JSON.stringify(p.counters)),
            ],
          );
        }
        return fenced;
      });
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
