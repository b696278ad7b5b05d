/**
 * The report's figures from an aggregate stream's stored buckets (`metric_buckets`; a stream is
 * `live` or `replay-<id>`), exact in event time:
 * - `createdPerMinute`: created orders per event-time minute within [fromSec, toSec], and those
 *   before `fromSec`;
 * - `endpointSecondsOver`: the seconds of [fromSec, toSec) in which each endpoint received more
 *   requests than its capacity per second, from the per-second `api.requests` aggregates
 *   (endpoints never over are left out): what the report's "minutes over capacity" counts. Null
 *   when the stream holds no per-second requests in the range (not known, not zero).
 */
import type pg from "pg";
import type { RangeFiguresData } from "../../core/replay/range-figures";

type Queryable = Pick<pg.Pool, "query">;

/** The figures' port as core/replay/range-figures.ts reads them. */
export type ReplayAggregateReads = RangeFiguresData;

export function createReplayAggregateReads(pool: Queryable): RangeFiguresData {
  return {
    async createdPerMinute(stream, fromSec, toSec) {
      const created = `"group" = $1 and series = 'orders.status' and key = 'created' and resolution > 0`;
      const [before, minutes] = await Promise.all([
        pool.query<{ n: string | null }>(
          `select sum(value) as n from metric_buckets where ${created} and bucket < $2`,
          [stream, fromSec],
        ),
        pool.query<{ t: string; n: string }>(
          `select (bucket / 60) * 60 as t, sum(value) as n from metric_buckets
           where ${created} and bucket between $2 and $3 group by 1 order by 1`,
          [stream, fromSec, toSec],
        ),
      ]);
      return {
        before: Number(before.rows[0]?.n ?? 0),
        minutes: minutes.rows.map((r) => ({ t: Number(r.t), created: Number(r.n) })),
      };
    },
    async endpointSecondsOver(stream, fromSec, toSec, capacityPerSec) {
      const caps = Object.entries(capacityPerSec).filter(([, c]) => c > 0);
      if (caps.length === 0) return {};
      const { rows } = await pool.query<{ key: string; n: string }>(
        `select m.key, count(*) filter (where m.value > c.cap) as n from metric_buckets m
           join unnest($4::text[], $5::float8[]) as c(k, cap) on c.k = m.key
         where m."group" = $1 and m.series = 'api.requests' and m.resolution = 1
           and m.bucket >= $2 and m.bucket < $3
         group by m.key`,
        [stream, fromSec, toSec, caps.map(([k]) => k), caps.map(([, c]) => c)],
      );
      // No per-second request counts stored for the range: not known here (not zero).
      if (rows.length === 0) return null;
      return Object.fromEntries(rows.filter((r) => Number(r.n) > 0).map((r) => [r.key, Number(r.n)]));
    },
  };
}
