/**
 * The one begin/commit/rollback/release block of the stores. A failed rollback (the connection
 * already gone) is swallowed so the caller sees the error that broke the transaction.
 */
import type pg from "pg";

/** What a transaction runs its statements on. */
export type TransactionClient = Pick<pg.PoolClient, "query">;

/**
 * Runs `work` in one transaction on a connection of `pool`: committed when it resolves, rolled
 * back when it throws (the error is rethrown), the connection released either way.
 * @param commit false rolls back even when `work` succeeds (a dry run). Default true.
 */
export async function withTransaction<T>(
  pool: Pick<pg.Pool, "connect">,
  work: (client: TransactionClient) => Promise<T>,
  { commit = true }: { commit?: boolean } = {},
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("begin");
    const result = await work(client);
    await client.query(commit ? "commit" : "rollback");
    return result;
  } catch (err) {
    await client.query("rollback").catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}
