/**
 * A local preview of the dashboard with launch-shaped fixture data, for working on the UI
 * without the simulator and workers: `npx tsx tests/support/preview-dashboard.ts`.
 * Uses its own database (`lw_preview`) and topic prefix (`lwpreview.`); signs in as
 * `demo` / `demo-password-123`. PREVIEW_PORT (default 3100), PREVIEW_DEV=1 for next dev.
 */
import { createAuthStore } from "../../adapters/db/auth-store";
import { createPrisma } from "../../adapters/db/prisma";
import { createKafka } from "../../adapters/kafka/client";
import { topicNames } from "../../adapters/kafka/topics";
import { createLogger } from "../../adapters/log";
import { hashPassword } from "../../core/auth/password";
import { migrateDeploy } from "../../scripts/stack/migrate";
import { ensureDatabase } from "../../scripts/stack/postgres";
import { ensureNextBuild } from "../../server/next-app";
import { startWebServer } from "../../server/web-server";
import { startFixtureFeed } from "./fixture-feed";
import { fixtureEndpoints, fixtureShops } from "./launch-frames";

async function main() {
  const databaseUrl = "postgresql://postgres@127.0.0.1:5432/lw_preview";
  await ensureDatabase(databaseUrl);
  await migrateDeploy(databaseUrl);
  const prisma = createPrisma(databaseUrl);
  const shops = fixtureShops(3000);
  await prisma.shop.createMany({ data: shops, skipDuplicates: true });
  await prisma.apiEndpoint.createMany({
    data: fixtureEndpoints.map((e) => ({
      name: e.name,
      capacityPerSecond: e.capacity,
      baseLatencyMs: e.base,
    })),
    skipDuplicates: true,
  });
  const store = createAuthStore(prisma);
  if (!(await store.findUser("demo")))
    await store.createUser({
      username: "demo",
      role: "admin",
      passwordHash: await hashPassword("demo-password-123"),
      mustChangePassword: false,
    });
  await prisma.frameSnapshot.deleteMany({});

  const logger = createLogger({ level: "info" });
  const dev = process.env.PREVIEW_DEV === "1";
  if (!dev) await ensureNextBuild({ dir: process.cwd(), logger });
  const topics = topicNames("lwpreview.");
  const brokers = ["127.0.0.1:9092"];
  const server = await startWebServer({
    port: Number(process.env.PREVIEW_PORT ?? 3100),
    instanceId: "preview",
    brokers,
    topics,
    databaseUrl,
    next: { mode: dev ? "dev" : "production" },
    logger,
  });
  const feed = await startFixtureFeed({
    kafka: createKafka({ brokers }),
    topics,
    prisma,
    shops,
    groupId: `lwpreview-feed-${Date.now()}`,
    backfillSec: 1800,
  });
  console.log(`preview at ${server.url} · sign in as demo / demo-password-123`);
  const stop = async () => {
    await feed.stop();
    await server.close();
    await prisma.$disconnect();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

void main();
