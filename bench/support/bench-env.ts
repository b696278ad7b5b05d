/**
 * The services a bench runs against: the local stack (or KAFKA_BROKERS / DATABASE_URL), with a
 * bench database of its own seeded with the full 300,000 shops.
 */
import { createPool } from "../../adapters/db/pool";
import { countRows } from "../../adapters/db/reference-store";
import type { KafkaSecurity } from "../../adapters/kafka/security";
import { baseEnvShape, kafkaConnection, readConfig } from "../../config/env";
import { generateReferenceData } from "../../core/reference";
import { seedReferenceData } from "../../scripts/seed";
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
  const pool = createPool({ connectionString: databaseUrl, max: 1 });
  try {
    if ((await countRows(pool, "shops")) === ref.shops.count) return ref;
  } finally {
    await pool.end();
  }
  await seedReferenceData(databaseUrl, { force: true });
  return ref;
}

/**
 * The Kafka security a bench child process uses: the same settings as its parent's (children
 * inherit the environment).
 */
export function benchSecurity(): KafkaSecurity {
  return kafkaConnection(readConfig(baseEnvShape)).security;
}
