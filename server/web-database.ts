/**
 * The web process's stores over its one database: Prisma (users, sessions, shops, snapshots;
 * the pool of its driver adapter) and one `pg` pool shared by the alerting queries, the rule
 * admin, the replays and the capacity reader.
 */
import { createAlertingQueries } from "../adapters/db/alerting-queries";
import { createAuthStore } from "../adapters/db/auth-store";
import { createCapacityReader } from "../adapters/db/capacity-reader";
import { createReceiverStatusReader } from "../adapters/db/notifier-status";
import { createPool } from "../adapters/db/pool";
import { createPrisma } from "../adapters/db/prisma";
import { createReplayData } from "../adapters/db/replay-data";
import { createReplayFrames } from "../adapters/db/replay-frames";
import { createReplayStore } from "../adapters/db/replay-store";
import { createRulesAdmin } from "../adapters/db/rules-store";
import { createShopDirectory } from "../adapters/db/shop-directory";
import { createSignInThrottleStore } from "../adapters/db/sign-in-throttle";
import { createSnapshotReader } from "../adapters/db/snapshot-reader";
import type { Logger } from "../adapters/log";
import type { ThrottlePolicy } from "../core/auth/sign-in-throttle";
import { describeError } from "../core/errors";

export function openWebDatabase({
  databaseUrl,
  clock,
  logger,
  signInThrottle,
  capacityTtlMs,
}: {
  databaseUrl: string;
  clock: () => number;
  logger: Logger;
  signInThrottle?: ThrottlePolicy;
  /** How long the replays' capacity table is reused (the web's capacity refresh). */
  capacityTtlMs: number;
}) {
  const prisma = createPrisma(databaseUrl);
  const pool = createPool({ connectionString: databaseUrl, max: 6 });
  pool.on("error", (err) => logger.warn("database pool error", { error: describeError(err) }));
  const alerting = createAlertingQueries(pool);
  const snapshotReader = createSnapshotReader(prisma, { logger });
  const replayStore = createReplayStore({ pool });
  return {
    prisma,
    authStore: createAuthStore(prisma),
    throttle: createSignInThrottleStore(prisma, { policy: signInThrottle, clock }),
    shops: createShopDirectory(prisma),
    snapshotReader,
    alerting,
    rulesAdmin: createRulesAdmin(pool),
    receiverStatus: createReceiverStatusReader(pool),
    replayStore,
    replayData: createReplayData({
      store: replayStore,
      frames: createReplayFrames({ pool, logger }),
      alerting,
      capacityTable: createCapacityReader({ pool, ttlMs: capacityTtlMs, clock }),
    }),
    async close() {
      await pool.end().catch(() => {});
      await prisma.$disconnect();
    },
  };
}

/** The stores {@link openWebDatabase} opens. */
export type WebDatabase = ReturnType<typeof openWebDatabase>;
