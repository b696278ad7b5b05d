/** `npm run seed`: 300,000 shops into the real test database, fast, idempotent, edits kept unless forced. */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiEndpoints, generateShops, shopAt } from "../core/reference";
import { parseShopsCsv } from "../core/reference/shops-csv";
import { parseSeedArgs, seedReferenceData } from "../scripts/seed";
import { testEnv } from "./support/env";

const env = testEnv();
const db = new pg.Client({ connectionString: env.databaseUrl });
const backup = `seed_backup_${env.runId}`;

describe("seeding the reference data", () => {
  // Other test files share this database: keep what they put there and put it back afterwards.
  beforeAll(async () => {
    await db.connect();
    await db.query(`CREATE TABLE ${backup}_shops AS SELECT * FROM shops`);
    await db.query(`CREATE TABLE ${backup}_endpoints AS SELECT * FROM api_endpoints`);
  });
  afterAll(async () => {
    await db.query("BEGIN");
    await db.query("DELETE FROM shops");
    await db.query(`INSERT INTO shops SELECT * FROM ${backup}_shops`);
    await db.query("DELETE FROM api_endpoints");
    await db.query(`INSERT INTO api_endpoints SELECT * FROM ${backup}_endpoints`);
    await db.query("COMMIT");
    await db.query(`DROP TABLE ${backup}_shops, ${backup}_endpoints`);
    await db.end();
  });

  // The time is printed, not asserted: speed targets live in benchmarks (docs/BENCHMARKS.md).
  it("loads 300,000 shops, matching the generated reference data", async () => {
    await db.query("DELETE FROM shops");
    await db.query("DELETE FROM api_endpoints");
    const t0 = performance.now();
    const r = await seedReferenceData(env.databaseUrl);
    const seconds = (performance.now() - t0) / 1000;
    console.log(
      `[seed.test] 300,000 shops + ${apiEndpoints.length} endpoints seeded in ${seconds.toFixed(2)} s`,
    );
    expect(r.shops).toEqual({ outcome: "inserted", rows: 300_000 });
    expect(r.endpoints).toEqual({ outcome: "inserted", rows: apiEndpoints.length });

    const { rows } = await db.query<{ n: string; lo: number; hi: number }>(
      "SELECT count(*) AS n, min(id) AS lo, max(id) AS hi FROM shops",
    );
    expect(rows[0]).toEqual({ n: "300000", lo: 0, hi: 299_999 });
    const expected = generateShops();
    const sample = await db.query<{
      id: number;
      chain: string;
      city: string;
      capacity_per_minute: number;
      weight: number;
    }>(
      "SELECT id, chain, city, capacity_per_minute, weight FROM shops WHERE id = ANY($1::int[]) ORDER BY id",
      [[0, 1, 62, 4242, 299_999]],
    );
    for (const row of sample.rows) {
      const s = shopAt(expected, row.id);
      expect(row).toEqual({
        id: s.id,
        chain: s.chain,
        city: s.city,
        capacity_per_minute: s.capacityPerMinute,
        weight: s.weight,
      });
    }
    const eps = await db.query(
      "SELECT name, capacity_per_second, base_latency_ms FROM api_endpoints ORDER BY name",
    );
    expect(eps.rows).toHaveLength(apiEndpoints.length);
  });

  it("keeps existing rows and their edited capacities unless forced", async () => {
    await db.query("UPDATE shops SET capacity_per_minute = 99 WHERE id = 7");
    await db.query(`UPDATE api_endpoints SET capacity_per_second = 1 WHERE name = 'POST /order/create'`);
    const again = await seedReferenceData(env.databaseUrl);
    expect(again.shops).toEqual({ outcome: "kept", rows: 300_000 });
    expect(again.endpoints.outcome).toBe("kept");
    const kept = await db.query("SELECT capacity_per_minute FROM shops WHERE id = 7");
    expect(kept.rows[0].capacity_per_minute).toBe(99);

    const t0 = performance.now();
    const forced = await seedReferenceData(env.databaseUrl, { force: true });
    console.log(
      `[seed.test] forced replace of 300,000 shops in ${((performance.now() - t0) / 1000).toFixed(2)} s`,
    );
    expect(forced.shops).toEqual({ outcome: "replaced", rows: 300_000 });
    const restored = await db.query("SELECT capacity_per_minute FROM shops WHERE id = 7");
    expect(restored.rows[0].capacity_per_minute).toBe(
      shopAt(generateShops({ count: 8 }), 7).capacityPerMinute,
    );
    const count = await db.query("SELECT count(*)::int AS n FROM shops");
    expect(count.rows[0].n).toBe(300_000);
    const ep = await db.query(
      `SELECT capacity_per_second FROM api_endpoints WHERE name = 'POST /order/create'`,
    );
    expect(ep.rows[0].capacity_per_second).toBe(
      apiEndpoints.find((e) => e.name === "POST /order/create")!.capacityPerSecond,
    );
  });

  it("seeds another seed and size when forced, and validates its flags", async () => {
    const r = await seedReferenceData(env.databaseUrl, { seed: "other", shops: 1000, force: true });
    expect(r.shops).toEqual({ outcome: "replaced", rows: 1000 });
    const row = await db.query("SELECT chain, city FROM shops WHERE id = 5");
    const s = shopAt(generateShops({ seed: "other", count: 1000 }), 5);
    expect(row.rows[0]).toEqual({ chain: s.chain, city: s.city });
    expect(parseSeedArgs(["--seed", "x", "--shops", "10", "--force"])).toEqual({
      seed: "x",
      shops: 10,
      force: true,
      shopsFile: null,
    });
    expect(parseSeedArgs(["--shops", "acme-shops.csv"])).toMatchObject({ shopsFile: "acme-shops.csv" });
    expect(() => parseSeedArgs(["--shops", "-3"])).toThrow(/--shops/);
    expect(() => parseSeedArgs(["--nope"])).toThrow(/arguments/);
  });

  it("loads a company's shops from CSV: store codes as external ids, capacities, ids by row or column", async () => {
    const csv = [
      "external_id,chain,city,capacity_per_minute,weight",
      "ST-000001,Heytea,Shenzhen,4,2",
      `"ST-0,02","Nayuki's Tea","Guang ""zhou""",2.5,`,
    ].join("\n");
    const rows = parseShopsCsv(csv, "acme.csv");
    const r = await seedReferenceData(env.databaseUrl, { shopRows: rows, force: true });
    expect(r.shops).toEqual({ outcome: "replaced", rows: 2 });
    const stored = await db.query(
      "SELECT id, external_id, chain, city, capacity_per_minute AS cap, weight FROM shops ORDER BY id",
    );
    expect(stored.rows).toEqual([
      { id: 0, external_id: "ST-000001", chain: "Heytea", city: "Shenzhen", cap: 4, weight: 2 },
      { id: 1, external_id: "ST-0,02", chain: "Nayuki's Tea", city: 'Guang "zhou"', cap: 2.5, weight: 1 },
    ]);
    expect(parseShopsCsv("id,external_id,chain,city,capacity_per_minute\n7,A,c,d,1\n", "x.csv")[0]!.id).toBe(
      7,
    );
    expect(() => parseShopsCsv("external_id,chain,city\n", "x.csv")).toThrow(
      "x.csv:1: column capacity_per_minute is missing",
    );
    expect(() =>
      parseShopsCsv("external_id,chain,city,capacity_per_minute\nA,c,d,1\nA,c,d,0\n", "x.csv"),
    ).toThrow("x.csv:3: capacity_per_minute: a number > 0");
    expect(() =>
      parseShopsCsv("external_id,chain,city,capacity_per_minute\nA,c,d,1\nA,c,d,2\n", "x.csv"),
    ).toThrow('x.csv:3: external_id: "A" appears twice');
  });
});
