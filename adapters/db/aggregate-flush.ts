/**
 * The aggregation workers' flush, the effectively-once step: in the caller's transaction it
 * locks the partitions' offset rows, drops any partition another worker has moved on (fencing
 * after a rebalance), adds the remaining deltas and advances the offsets.
 */
import type { PartitionDelta } from "../../core/aggregation/deltas";
import { bucketOf, type Counters } from "../../core/aggregation/series";
import type { TransactionClient } from "./transaction";

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

type PartitionId = { topic: string; partition: number };

/** One `metric_buckets` row to add: resolution, series, bucket, key, value. */
type MetricRow = { r: number; s: string; b: number; k: string; v: number };

/** How fine the stored buckets are (see AggregateStoreOptions.stepSeconds and keepSeries). */
export interface BucketWidth {
  stepSeconds: number;
  kept: ReadonlySet<string>;
}

/** Writes `parts` on `client` (one transaction); returns the partitions that were fenced (their deltas were not written). */
export async function flushPartitions(
  client: TransactionClient,
  {
    groupId,
    stream,
    parts,
    width,
  }: { groupId: string; stream: string; parts: readonly PartitionFlush[]; width: BucketWidth },
): Promise<PartitionId[]> {
  const { accepted, fenced } = await fence(client, groupId, parts);
  const rows = sumMetrics(accepted, width);
  if (rows.length > 0) {
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
  if (accepted.length > 0) await advanceOffsets(client, groupId, accepted);
  return fenced;
}

/** Locks the parts' offset rows; a part whose stored offset is not the one it expects was fenced. */
async function fence(
  client: TransactionClient,
  groupId: string,
  parts: readonly PartitionFlush[],
): Promise<{ accepted: PartitionFlush[]; fenced: PartitionId[] }> {
  const locked = await client.query<{ topic: string; partition: number; next_offset: string }>(
    `select topic, partition, next_offset from consumer_offsets
     where group_id = $1 and (topic, partition) in (select * from unnest($2::text[], $3::int[]))
     order by topic, partition for update`,
    [groupId, parts.map((p) => p.topic), parts.map((p) => p.partition)],
  );
  const stored = new Map(locked.rows.map((r) => [`${r.topic}/${r.partition}`, Number(r.next_offset)]));
  const accepted: PartitionFlush[] = [];
  const fenced: PartitionId[] = [];
  for (const p of parts) {
    if (stored.get(`${p.topic}/${p.partition}`) === p.expectedNext) accepted.push(p);
    else fenced.push({ topic: p.topic, partition: p.partition });
  }
  return { accepted, fenced };
}

/**
 * The accepted parts' metric deltas summed across partitions first (one row per key in the
 * statement), finer series widened to `stepSeconds`, in one order for every writer: concurrent
 * flushes of overlapping keys then queue on row locks instead of deadlocking.
 */
function sumMetrics(accepted: readonly PartitionFlush[], { stepSeconds, kept }: BucketWidth): MetricRow[] {
  const metrics = new Map<string, MetricRow>();
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
  return [...metrics.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map((e) => e[1]);
}

async function advanceOffsets(
  client: TransactionClient,
  groupId: string,
  accepted: readonly PartitionFlush[],
) {
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
