/**
 * `npm run seed -- [--seed S] [--shops N|FILE.csv] [--force]`: loads the reference data (shops and
 * API endpoints, generated from the seed, see core/reference) into Postgres. `--shops FILE.csv`
 * loads a company's own shops instead, with their store codes (`shops.external_id`, for source
 * mappings) and capacities (core/reference/shops-csv.ts).
 *
 * Capacities may be edited after seeding, so a table that already has rows is left alone unless
 * --force is given; then its rows are replaced in one transaction. Shops go in with multi-row
 * `INSERT ... SELECT FROM unnest(...)` in chunks (adapters/db/reference-store.ts): 300,000 rows
 * in a few seconds.
 */

import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { z } from "zod";
import { createPool } from "../adapters/db/pool";
import {
  countRows,
  deleteRows,
  insertEndpoints,
  insertShops,
  lockReferenceSeeding,
  type ReferenceTable,
} from "../adapters/db/reference-store";
import { withTransaction } from "../adapters/db/transaction";
import { type CommandSpec, type FlagSpec, runCommand } from "../config/cli";
import { baseEnvShape, readConfig } from "../config/env";
import { ConfigError, describeError, LaunchwatchError } from "../core/errors";
import { defaultReferenceSeed, defaultShopCount, generateReferenceData } from "../core/reference";
import { parseShopsCsv, type ShopRow } from "../core/reference/shops-csv";

function readShopsFile(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    throw new ConfigError("--shops", `cannot read ${path}: ${(err as Error).message}`);
  }
}

export interface SeedOptions {
  /** Reference seed (default {@link defaultReferenceSeed}). */
  seed?: string;
  /** Shops to generate (default 300,000). */
  shops?: number;
  /** Replace existing rows (default false: keep a table that has rows). */
  force?: boolean;
  /** Rows per INSERT (default 50,000). */
  chunkSize?: number;
  /** The shops from a CSV file instead of generated ones. */
  shopRows?: ShopRow[];
}

export type TableOutcome = "inserted" | "replaced" | "kept";

export interface SeedResult {
  shops: { outcome: TableOutcome; rows: number };
  endpoints: { outcome: TableOutcome; rows: number };
  ms: number;
}

/** Seeds `databaseUrl`. Idempotent: a second run keeps what is there (or replaces it with `force`). */
export async function seedReferenceData(
  databaseUrl: string,
  {
    seed = defaultReferenceSeed,
    shops: shopCount = defaultShopCount,
    force = false,
    chunkSize = 50_000,
    shopRows,
  }: SeedOptions = {},
): Promise<SeedResult> {
  const started = performance.now();
  const { shops, endpoints } = generateReferenceData(seed, shopRows ? 1 : shopCount);
  const pool = createPool({ connectionString: databaseUrl, max: 1 });
  try {
    return await withTransaction(pool, async (tx) => {
      await lockReferenceSeeding(tx);
      const prepare = async (table: ReferenceTable): Promise<{ outcome: TableOutcome; existing: number }> => {
        const existing = await countRows(tx, table);
        if (existing === 0) return { outcome: "inserted", existing };
        if (!force) return { outcome: "kept", existing };
        await deleteRows(tx, table);
        return { outcome: "replaced", existing };
      };

      const shopTable = await prepare("shops");
      if (shopTable.outcome !== "kept" && shopRows) {
        for (let from = 0; from < shopRows.length; from += chunkSize) {
          const rows = shopRows.slice(from, from + chunkSize);
          await insertShops(tx, {
            ids: rows.map((r) => r.id),
            chains: rows.map((r) => r.chain),
            cities: rows.map((r) => r.city),
            capacityPerMinute: rows.map((r) => r.capacityPerMinute),
            weights: rows.map((r) => r.weight),
            externalIds: rows.map((r) => r.externalId),
          });
        }
      } else if (shopTable.outcome !== "kept") {
        for (let from = 0; from < shops.count; from += chunkSize) {
          const to = Math.min(from + chunkSize, shops.count);
          const ids = Array.from({ length: to - from }, (_, i) => from + i);
          await insertShops(tx, {
            ids,
            chains: ids.map((id) => shops.chains[shops.chainIndex[id]!]!),
            cities: ids.map((id) => shops.cities[shops.cityIndex[id]!]!),
            capacityPerMinute: Array.from(shops.capacityPerMinute.subarray(from, to)),
            weights: Array.from(shops.weight.subarray(from, to)),
          });
        }
      }

      const endpointTable = await prepare("api_endpoints");
      if (endpointTable.outcome !== "kept") await insertEndpoints(tx, endpoints);
      return {
        shops: {
          outcome: shopTable.outcome,
          rows: shopTable.outcome === "kept" ? shopTable.existing : (shopRows?.length ?? shops.count),
        },
        endpoints: {
          outcome: endpointTable.outcome,
          rows: endpointTable.outcome === "kept" ? endpointTable.existing : endpoints.length,
        },
        ms: Math.round(performance.now() - started),
      };
    });
  } catch (err) {
    if ((err as { code?: string }).code === "42P01")
      throw new LaunchwatchError(
        "The reference tables do not exist: run `npm run stack -- up` (it migrates) first.",
        { cause: err },
      );
    throw err;
  } finally {
    await pool.end();
  }
}

const flags = {
  seed: z.string().min(1).max(64).default(defaultReferenceSeed),
  shops: z.coerce.number().int().positive().max(1_000_000).default(defaultShopCount),
};

/** Parses `--seed S --shops N --force`; errors name the flag. */
export function parseSeedArgs(
  argv: readonly string[],
): Required<Pick<SeedOptions, "seed" | "shops" | "force">> & { shopsFile: string | null } {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({
      args: [...argv],
      strict: true,
      options: { seed: { type: "string" }, shops: { type: "string" }, force: { type: "boolean" } },
    }).values;
  } catch (err) {
    throw new ConfigError(
      "arguments",
      `${describeError(err)} (usage: npm run seed -- [--seed S] [--shops N] [--force])`,
    );
  }
  const seed = flags.seed.safeParse(values.seed);
  if (!seed.success) throw new ConfigError("--seed", seed.error.issues[0]?.message ?? "invalid");
  if (typeof values.shops === "string" && /\.csv$/i.test(values.shops))
    return {
      seed: seed.data,
      shops: defaultShopCount,
      force: values.force === true,
      shopsFile: values.shops,
    };
  const shops = flags.shops.safeParse(values.shops);
  if (!shops.success)
    throw new ConfigError(
      "--shops",
      `${shops.error.issues[0]?.message ?? "invalid"} (got ${JSON.stringify(values.shops)})`,
    );
  return { seed: seed.data, shops: shops.data, force: values.force === true, shopsFile: null };
}

/** The command line of `npm run seed`: flags for the help; parseSeedArgs checks the values. */
export const seedCommand = {
  name: "seed",
  synopsis: "[--seed S] [--shops N|FILE.csv] [--force]",
  description: "Loads the reference data (shops and API endpoints, generated from the seed) into Postgres.",
  flags: {
    seed: { type: "string", value: "S", default: defaultReferenceSeed, help: "seed of the reference data" },
    shops: {
      type: "string",
      value: "N|FILE.csv",
      default: String(defaultShopCount),
      help: "shops to generate, or a CSV of the company's shops (external_id,chain,city,capacity_per_minute[,id][,weight])",
    },
    force: { type: "boolean", help: "replace tables that already have rows (default: keep them)" },
  },
  env: baseEnvShape,
} satisfies CommandSpec<Record<string, FlagSpec>>;

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void runCommand(seedCommand, async ({ argv }) => {
    const args = parseSeedArgs(argv);
    const env = readConfig(baseEnvShape);
    const shopRows = args.shopsFile
      ? parseShopsCsv(readShopsFile(args.shopsFile), args.shopsFile)
      : undefined;
    const r = await seedReferenceData(env.DATABASE_URL, { ...args, shopRows });
    const line = (what: string, t: { outcome: TableOutcome; rows: number }) =>
      t.outcome === "kept"
        ? `${what}: kept ${t.rows} existing rows (pass --force to replace them)`
        : `${what}: ${t.outcome} ${t.rows} rows`;
    console.log(
      `[seed] ${line("shops", r.shops)}; ${line("api_endpoints", r.endpoints)}; ${r.ms} ms (${args.shopsFile ? `shops from ${args.shopsFile}` : `seed "${args.seed}"`})`,
    );
    return 0;
  });
}
