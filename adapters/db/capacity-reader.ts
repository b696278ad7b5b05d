/**
 * Reads the capacity table (shops and API endpoints) from Postgres, and a cached reader of it
 * for processes that ask often (the web's replays): one load per `ttlMs`, a failed load not
 * cached.
 */
import type pg from "pg";
import {
  buildCapacityTable,
  type CapacityTable,
  type EndpointRef,
  type ShopRef,
} from "../../core/capacity/capacity-table";

export async function loadCapacityTable(pool: pg.Pool): Promise<CapacityTable> {
  const shops = await pool.query<{ id: number; chain: string; city: string; cap: number }>(
    "select id, chain, city, capacity_per_minute as cap from shops order by id",
  );
  const endpoints = await pool.query<{ name: string; cap: number }>(
    "select name, capacity_per_second as cap from api_endpoints",
  );
  const shopRefs: ShopRef[] = shops.rows.map((r) => ({
    id: r.id,
    chain: r.chain,
    city: r.city,
    capacityPerMinute: r.cap,
  }));
  const endpointRefs: EndpointRef[] = endpoints.rows.map((r) => ({
    name: r.name,
    capacityPerSecond: r.cap,
  }));
  return buildCapacityTable(shopRefs, endpointRefs);
}

/** A reader that loads the table at most once per `ttlMs` (the caller's refresh option). */
export function createCapacityReader({
  pool,
  ttlMs,
  clock = Date.now,
}: {
  pool: pg.Pool;
  ttlMs: number;
  clock?: () => number;
}): () => Promise<CapacityTable> {
  let cache: { at: number; table: Promise<CapacityTable> } | null = null;
  return () => {
    if (!cache || clock() - cache.at > ttlMs) {
      const table = loadCapacityTable(pool);
      cache = { at: clock(), table };
      table.catch(() => (cache = null));
    }
    return cache.table;
  };
}
