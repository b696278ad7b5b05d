/**
 * A database of a test file's own on the run's PostgreSQL server (the run's database name and a
 * suffix), migrated and holding the small test reference data, so its shops, offsets and
 * aggregates meet no other test's.
 */
import { migrateDeploy } from "../../scripts/stack/migrate";
import { ensureDatabase } from "../../scripts/stack/postgres";
import { loadTestReference } from "./worker-harness";

/** `postgresql://.../launchwatch_test` + `_<suffix>`. */
export function ownDatabaseUrl(runDatabaseUrl: string, suffix: string): string {
  const u = new URL(runDatabaseUrl);
  u.pathname = `${u.pathname}_${suffix}`;
  return u.toString();
}

/** Creates (if missing) and migrates the database, then loads the test shops and endpoints. */
export async function prepareTestDatabase(databaseUrl: string): Promise<void> {
  await ensureDatabase(databaseUrl);
  await migrateDeploy(databaseUrl);
  await loadTestReference(databaseUrl);
}
