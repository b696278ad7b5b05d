/**
 * The one way this project opens a `pg` pool. A pool emits `'error'` when an idle connection
 * dies (a database restart: 57P01 admin shutdown, a failover); without a listener Node treats
 * that as an uncaught exception and the process dies with a raw stack trace. The pool drops the
 * dead connection by itself and the next query opens a new one, so the listener only reports it;
 * callers retry their own work (the worker's flush, the notifier's loops) with backoff.
 */
import pg from "pg";

export interface PoolOptions extends pg.PoolConfig {
  /** Told about each idle connection lost (default: nothing; the pool recovers by itself). */
  onIdleError?: (err: Error) => void;
}

export function createPool({ onIdleError, ...config }: PoolOptions): pg.Pool {
  const pool = new pg.Pool({ connectionTimeoutMillis: 10_000, ...config });
  pool.on("error", (err) => onIdleError?.(err));
  return pool;
}
