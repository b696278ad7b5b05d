/**
 * A PostgreSQL server of a test's own (Debian's postgresql binaries, a fresh data directory, a
 * free port, trust auth on loopback), so a test can restart or stop the database under running
 * processes without disturbing the shared server other tests use. As root it runs the server as
 * the `postgres` user, as `pg_ctlcluster` does.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "./ports";

export interface PrivatePostgres {
  /** Server URL (database `postgres`). */
  url: string;
  port: number;
  /** `pg_ctl restart -m fast`: clients get 57P01 (admin shutdown), then the server is back. */
  restart(): void;
  stop(): void;
  start(): void;
  /** Stops it and removes its data. */
  destroy(): void;
}

function binDir(): string {
  const base = "/usr/lib/postgresql";
  const versions = fs.existsSync(base) ? fs.readdirSync(base).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions)
    if (fs.existsSync(path.join(base, v, "bin", "pg_ctl"))) return path.join(base, v, "bin");
  throw new Error("no PostgreSQL server binaries under /usr/lib/postgresql (Debian package postgresql)");
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = binDir();
  const root = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lw-pg-"));
  const data = path.join(dir, "data");
  const port = await freePort();
  if (root) execFileSync("chown", ["postgres:postgres", dir]);
  const run = (tool: string, args: string[]) =>
    execFileSync(
      root ? "runuser" : path.join(bin, tool),
      root ? ["-u", "postgres", "--", path.join(bin, tool), ...args] : args,
      {
        stdio: ["ignore", "pipe", "pipe"],
        timeout: 60_000,
      },
    );
  run("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync"]);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100`;
  const ctl = (action: string, extra: string[] = []) =>
    run("pg_ctl", [action, "-D", data, "-w", "-t", "60", "-l", path.join(dir, "server.log"), ...extra]);
  ctl("start", ["-o", options]);
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    port,
    restart: () => ctl("restart", ["-m", "fast", "-o", options]),
    stop: () => ctl("stop", ["-m", "fast"]),
    start: () => ctl("start", ["-o", options]),
    destroy() {
      try {
        ctl("stop", ["-m", "immediate"]);
      } catch {
        // already stopped
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
