/**
 * The services a bench runs against: the local stack (or KAFKA_BROKERS / DATABASE_URL), with a
 * bench database of its own seeded with the full 300,000 shops.
 */
import pg from "pg";
import type { KafkaSecurity } from "../../adapters/kafka/security";
import { baseEnvShape, kafkaConnection, readConfig } from "../../config/env";
import { generateReferenceData } from "../../core/reference";
import { migrateDeploy } from "../../scripts/stack/migrate";
import { ensureDatabase } from "../../scripts/stack/postgres";
import { kafkaUp } from "../../scripts/stack/stack";

export interface BenchEnv {
  brokers: string[];
  /** From KAFKA_SECURITY_PROTOCOL and friends: e.g. SASL_SSL on the local stack's second listener. */
  security: KafkaSecurity;
  databaseUrl: string;
}

export async function benchEnv(): Promise<BenchEnv> {
  const env = readConfig(baseEnvShape);
  const { brokers, security } = await kafkaUp(env, (l) => console.error(`[bench] ${l}`));
  const url = new URL(env.DATABASE_URL);
  url.pathname = "/launchwatch_bench";
  const databaseUrl = url.toString();
  await ensureDatabase(databaseUrl);
  await migrateDeploy(databaseUrl);
  return { brokers, security, databaseUrl };
}

/** Loads the generated reference data (300,000 shops) unless the bench database has it. */
export async function seedBenchReference(
  databaseUrl: string,
): Promise<ReturnType<typeof generateReferenceData>> {
  const ref = generateReferenceData();
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const { rows } = await c.query("select count(*)::int as n from shops");
    if (rows[0].n === ref.shops.count) return ref;
    await c.query("delete from shops");
    await c.query("delete from api_endpoints");
    const t = ref.shops;
    for (let from = 0; from < t.count; from += 50_000) {
      const ids = Array.from({ length: Math.min(50_000, t.count - from) }, (_, i) => from + i);
      await c.query(
        `insert into shops (id, chain, city, capacity_per_minute, weight)
         select * from unnest($1::int[], $2::text[], $3::text[], $4::float8[], $5::float8[])`,
        [
          ids,
          ids.map((id) => t.chains[t.chainIndex[id]!]),
          ids.map((id) => t.cities[t.cityIndex[id]!]),
          ids.map((id) => t.capacityPerMinute[id]),
          ids.map((id) => t.weight[id]),
        ],
      );
    }
    for (const e of ref.endpoints) {
      await c.query(
        "insert into api_endpoints (name, capacity_per_second, base_latency_ms) values ($1, $2, $3)",
        [e.name, e.capacityPerSecond, e.baseLatencyMs],
      );
    }
    return ref;
  } finally {
    await c.end();
  }
}

/**
 * The Kafka security a bench child process uses: the same settings as its parent's (children
 * inherit the environment).
 */
export function benchSecurity(): KafkaSecurity {
  return kafkaConnection(readConfig(baseEnvShape)).security;
}
