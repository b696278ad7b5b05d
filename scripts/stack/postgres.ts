/**
 * Postgres readiness for the stack manager and the test setup: wait for the server, create the
 * project's database when missing, drop throwaway test databases.
 */
import { spawnSync } from "node:child_process";
import pg from "pg";
import { ServiceUnavailableError } from "../../core/errors";

/** Splits a URL into the server URL (database `postgres`) and the database name. */
export function splitDatabaseUrl(databaseUrl: string): { serverUrl: string; database: string } {
  const u = new URL(databaseUrl);
  const database = decodeURIComponent(u.pathname.replace(/^\//, "")) || "postgres";
  u.pathname = "/postgres";
  return { serverUrl: u.toString(), database };
}

async function tryConnect(url: string): Promise<unknown> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query("select 1");
    return null;
  } catch (err) {
    return err;
  } finally {
    await client.end().catch(() => {});
  }
}

function isLocal(url: string): boolean {
  const host = new URL(url).hostname;
  return host === "127.0.0.1" || host === "localhost" || host === "";
}

/**
 * The Debian cluster on a fresh CI-kind machine is installed but may be stopped; starting it is
 * the one fix we can apply ourselves. Anything else is the operator's call.
 */
function tryStartLocalCluster(): boolean {
  const versions = spawnSync("ls", ["/etc/postgresql"], { encoding: "utf8" });
  const version = versions.stdout?.split("\n").filter(Boolean).pop();
  if (!version) return false;
  const r = spawnSync("pg_ctlcluster", ["--skip-systemctl-redirect", version, "main", "start"], {
    stdio: "ignore",
  });
  return r.status === 0;
}

/**
 * Waits until the server behind `databaseUrl` answers, then creates the database if missing.
 * Throws {@link ServiceUnavailableError} naming `setting` after `timeoutMs` (default 15 s).
 */
export async function ensureDatabase(
  databaseUrl: string,
  { timeoutMs = 15_000, setting = "DATABASE_URL" }: { timeoutMs?: number; setting?: string } = {},
): Promise<void> {
  const { serverUrl, database } = splitDatabaseUrl(databaseUrl);
  const deadline = Date.now() + timeoutMs;
  let triedStart = false;
  let last: unknown = await tryConnect(serverUrl);
  while (last && Date.now() < deadline) {
    if (!triedStart && isLocal(serverUrl)) {
      triedStart = true;
      tryStartLocalCluster();
    }
    await new Promise((r) => setTimeout(r, 500));
    last = await tryConnect(serverUrl);
  }
  if (last) {
    throw new ServiceUnavailableError(
      "postgres",
      `PostgreSQL did not answer at ${new URL(serverUrl).host} within ${Math.round(timeoutMs / 1000)} s ` +
        `(${last instanceof Error ? last.message : String(last)}). Set ${setting} to a reachable server, ` +
        "or start one with `docker compose up -d postgres`.",
      { cause: last },
    );
  }
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const exists = await client.query("select 1 from pg_database where datname = $1", [database]);
    if (exists.rowCount === 0) await client.query(`create database "${database.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}

/** Drops a database, terminating its connections first. Used for per-run test databases. */
export async function dropDatabase(databaseUrl: string): Promise<void> {
  const { serverUrl, database } = splitDatabaseUrl(databaseUrl);
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists "${database.replaceAll('"', '""')}" with (force)`);
  } finally {
    await client.end();
  }
}
