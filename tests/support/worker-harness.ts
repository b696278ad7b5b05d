/** Helpers for the aggregation worker tests: reference data, producing a stream, recounting it in SQL. */
import type { Kafka } from "kafkajs";
import pg from "pg";
import type { TopicNames } from "../../adapters/kafka/topics";
import { type TestLine, testEndpoints, testShops } from "./launch-events";

export async function withPg<T>(databaseUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Replaces the reference data with the small test set. */
export async function loadTestReference(databaseUrl: string): Promise<void> {
  await withPg(databaseUrl, async (c) => {
    await c.query("begin");
    await c.query("delete from shops");
    await c.query("delete from api_endpoints");
    await c.query(
      `insert into shops (id, chain, city, capacity_per_minute, weight)
       select * from unnest($1::int[], $2::text[], $3::text[], $4::float8[], $5::float8[])`,
      [
        testShops.map((s) => s.id),
        testShops.map((s) => s.chain),
        testShops.map((s) => s.city),
        testShops.map((s) => s.capacityPerMinute),
        testShops.map(() => 1),
      ],
    );
    for (const e of testEndpoints) {
      await c.query(
        "insert into api_endpoints (name, capacity_per_second, base_latency_ms) values ($1, $2, $3)",
        [e.name, e.capacityPerSecond, e.baseLatencyMs],
      );
    }
    await c.query("commit");
  });
}

export async function produceLines(
  kafka: Kafka,
  topics: TopicNames,
  lines: TestLine[],
  chunk = 5000,
): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  try {
    for (let i = 0; i < lines.length; i += chunk) {
      const byTopic = new Map<string, Array<{ key: string; value: string }>>();
      for (const l of lines.slice(i, i + chunk)) {
        const t = topics[l.topic];
        let list = byTopic.get(t);
        if (!list) byTopic.set(t, (list = []));
        list.push({ key: l.key, value: l.value });
      }
      await producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
      });
    }
  } finally {
    await producer.disconnect();
  }
}

/** Sum of the next offsets the group has stored in Postgres. */
export async function storedProgress(databaseUrl: string, groupId: string): Promise<number> {
  return withPg(databaseUrl, async (c) => {
    const r = await c.query(
      "select coalesce(sum(next_offset), 0)::bigint as n from consumer_offsets where group_id = $1",
      [groupId],
    );
    return Number(r.rows[0].n);
  });
}

export async function waitFor(
  check: () => Promise<boolean>,
  { timeoutMs = 90_000, what = "condition" } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export type Counts = Map<string, number>;

/**
 * Recounts the stream with SQL over the raw lines: valid JSON only, known shops only, first
 * occurrence of each id, nothing older than `start`. Keys are `series|bucket|key`.
 */
export async function recount(databaseUrl: string, lines: TestLine[], start: number): Promise<Counts> {
  const parsed = lines.flatMap((l) => {
    try {
      return [JSON.stringify(JSON.parse(l.value))];
    } catch {
      return [];
    }
  });
  return withPg(databaseUrl, async (c) => {
    await c.query("create temp table raw_events (seq serial, e jsonb)");
    await c.query("insert into raw_events (e) select * from unnest($1::jsonb[])", [parsed]);
    const r = await c.query<{ series: string; bucket: string; key: string; n: string }>(
      `with ev as (
         select distinct on (e->>'id') e, (e->>'ts')::bigint as ts from raw_events
         where (e->>'ts')::bigint >= $1 and (e->>'type' <> 'order' or (e->>'shopId')::int < $2)
         order by e->>'id', seq
       )
       select 'orders.status' as series, ts / 1000 as bucket, e->>'status' as key, count(*) as n from ev where e->>'type' = 'order' group by 2, 3
       union all select 'orders.chain', ts / 1000, e->>'chain', count(*) from ev where e->>'type' = 'order' and e->>'status' = 'created' group by 2, 3
       union all select 'orders.city', ts / 60000 * 60, e->>'city', count(*) from ev where e->>'type' = 'order' and e->>'status' = 'created' group by 2, 3
       union all select 'downloads.kind', ts / 1000, e->>'kind', count(*) from ev where e->>'type' = 'download' group by 2, 3
       union all select 'api.requests', ts / 1000, e->>'endpoint', count(*) from ev where e->>'type' = 'api' group by 2, 3
       union all select 'api.errors', ts / 1000, e->>'endpoint', count(*) from ev where e->>'type' = 'api' and e->>'errorClass' is not null group by 2, 3
       union all select 'api.retries', ts / 1000, e->>'endpoint', count(*) from ev where e->>'type' = 'api' and (e->>'retry')::boolean group by 2, 3
       union all select 'api.error_class', ts / 1000, e->>'errorClass', count(*) from ev where e->>'type' = 'api' and e->>'errorClass' is not null group by 2, 3`,
      [start, 60],
    );
    return new Map(r.rows.map((row) => [`${row.series}|${row.bucket}|${row.key}`, Number(row.n)]));
  });
}

/** The aggregates a stream stored (resolution > 0), keyed like {@link recount}. */
export async function storedCounts(databaseUrl: string, stream: string): Promise<Counts> {
  return withPg(databaseUrl, async (c) => {
    const r = await c.query<{ series: string; bucket: string; key: string; value: string }>(
      `select series, bucket, key, value from metric_buckets where "group" = $1 and resolution > 0`,
      [stream],
    );
    return new Map(r.rows.map((row) => [`${row.series}|${row.bucket}|${row.key}`, Number(row.value)]));
  });
}

export async function droppedCounts(databaseUrl: string, stream: string): Promise<Record<string, number>> {
  return withPg(databaseUrl, async (c) => {
    const r = await c.query(`select key, value from metric_buckets where "group" = $1 and resolution = 0`, [
      stream,
    ]);
    return Object.fromEntries(r.rows.map((row) => [row.key, Number(row.value)]));
  });
}

/** Per-second counts summed into per-minute buckets (keys as {@link storedCounts}). */
export function perMinute(counts: Counts): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of counts) {
    const [series, bucket, key] = k.split("|") as [string, string, string];
    const b = Number(bucket);
    const id = `${series}|${b - (((b % 60) + 60) % 60)}|${key}`;
    out[id] = (out[id] ?? 0) + v;
  }
  return out;
}
