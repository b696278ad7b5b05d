/**
 * How the worker rides out a database outage (a restart, a failover): flushes retry the same
 * snapshot with backoff and consuming waits behind them, so nothing is lost or counted twice
 * (fencing still holds when the database is back). Meanwhile /readyz says so; past the limit
 * the process exits with one line, for its supervisor to restart it elsewhere.
 */
import type { WorkerStats } from "./worker";

export type OutageVerdict = { state: "ok" } | { state: "down" | "exit"; detail: string };

export function databaseOutage(
  stats: Pick<WorkerStats, "flushFailingSince" | "flushError">,
  now: number,
  limitMs: number,
): OutageVerdict {
  if (stats.flushFailingSince === 0 || !stats.flushError.startsWith("postgres")) return { state: "ok" };
  const seconds = Math.round((now - stats.flushFailingSince) / 1000);
  if (now - stats.flushFailingSince >= limitMs) {
    return {
      state: "exit",
      detail: `the database (DATABASE_URL) has been unreachable for ${seconds} s, past LW_DB_OUTAGE_EXIT_MS; exiting`,
    };
  }
  return {
    state: "down",
    detail: `database unreachable for ${seconds} s: flushes are retried, consuming waits`,
  };
}
