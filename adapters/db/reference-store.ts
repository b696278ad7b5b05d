/**
 * The writes of the reference tables `shops` and `api_endpoints` (the seeder's; the readers are
 * shop-directory.ts, capacity-reader.ts and shop-identities.ts). Shops go in with multi-row
 * `INSERT ... SELECT FROM unnest(...)`: 50,000 rows a statement.
 */
import type pg from "pg";

type Queryable = Pick<pg.Pool, "query">;

export type ReferenceTable = "shops" | "api_endpoints";

/** Shops as columns, one entry per shop; `externalIds` only for a company's own shops. */
export interface ShopColumns {
  ids: number[];
  chains: string[];
  cities: string[];
  capacityPerMinute: number[];
  weights: number[];
  externalIds?: Array<string | null>;
}

/** Two seeders at once would both see empty tables: the second waits for the first's transaction. */
export async function lockReferenceSeeding(tx: Queryable): Promise<void> {
  await tx.query("SELECT pg_advisory_xact_lock(hashtext('launchwatch.seed'))");
}

export async function countRows(db: Queryable, table: ReferenceTable): Promise<number> {
  const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
  return Number(rows[0]?.n ?? 0);
}

export async function deleteRows(db: Queryable, table: ReferenceTable): Promise<void> {
  await db.query(`DELETE FROM ${table}`);
}

export async function insertShops(db: Queryable, s: ShopColumns): Promise<void> {
  if (s.externalIds)
    await db.query(
      `INSERT INTO shops (id, chain, city, capacity_per_minute, weight, external_id)
       SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::float8[], $5::float8[], $6::text[])`,
      [s.ids, s.chains, s.cities, s.capacityPerMinute, s.weights, s.externalIds],
    );
  else
    await db.query(
      `INSERT INTO shops (id, chain, city, capacity_per_minute, weight)
       SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::float8[], $5::float8[])`,
      [s.ids, s.chains, s.cities, s.capacityPerMinute, s.weights],
    );
}

export async function insertEndpoints(
  db: Queryable,
  endpoints: ReadonlyArray<{ name: string; capacityPerSecond: number; baseLatencyMs: number }>,
): Promise<void> {
  await db.query(
    `INSERT INTO api_endpoints (name, capacity_per_second, base_latency_ms)
     SELECT * FROM unnest($1::text[], $2::float8[], $3::float8[])`,
    [
      endpoints.map((e) => e.name),
      endpoints.map((e) => e.capacityPerSecond),
      endpoints.map((e) => e.baseLatencyMs),
    ],
  );
}
