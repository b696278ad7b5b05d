/** What the books of a stream need from Postgres: stored positions and counters, counted events. */
import { type Counters, seriesDefs, zeroCounters } from "../../core/aggregation/series";
import type { TallyKind } from "../../core/aggregation/tally";
import { createPool } from "./pool";

export interface StoredBooks {
  /** Stored next offset per topic and partition. */
  next: Map<string, Map<number, number>>;
  /** The partitions' counters summed per topic. */
  counters: Map<string, Counters>;
  /** Events counted into the stream's aggregates, per kind. */
  counted: Record<TallyKind, number>;
}

const countedSeries: Record<TallyKind, string> = {
  orders: seriesDefs.ordersStatus.name,
  downloads: seriesDefs.downloads.name,
  api: seriesDefs.apiRequests.name,
};

export async function loadStoredBooks(
  databaseUrl: string,
  groupId: string,
  stream: string,
): Promise<StoredBooks> {
  const pool = createPool({ connectionString: databaseUrl, max: 1 });
  try {
    const offsets = await pool.query<{
      topic: string;
      partition: number;
      next_offset: string;
      counters: Partial<Counters>;
    }>("select topic, partition, next_offset, counters from consumer_offsets where group_id = $1", [groupId]);
    const next = new Map<string, Map<number, number>>();
    const counters = new Map<string, Counters>();
    for (const r of offsets.rows) {
      if (!next.has(r.topic)) next.set(r.topic, new Map());
      next.get(r.topic)!.set(r.partition, Number(r.next_offset));
      const sum = counters.get(r.topic) ?? zeroCounters();
      for (const k of Object.keys(sum) as Array<keyof Counters>) sum[k] += Number(r.counters[k] ?? 0);
      counters.set(r.topic, sum);
    }
    const sums = await pool.query<{ series: string; n: string }>(
      `select series, coalesce(sum(value), 0)::bigint as n from metric_buckets
       where "group" = $1 and series = any($2::text[]) group by series`,
      [stream, Object.values(countedSeries)],
    );
    const bySeries = new Map(sums.rows.map((r) => [r.series, Number(r.n)]));
    const counted = {
      orders: bySeries.get(countedSeries.orders) ?? 0,
      downloads: bySeries.get(countedSeries.downloads) ?? 0,
      api: bySeries.get(countedSeries.api) ?? 0,
    };
    return { next, counters, counted };
  } finally {
    await pool.end();
  }
}
