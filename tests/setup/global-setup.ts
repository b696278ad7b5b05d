/**
 * Vitest global setup for the integration project: finds the services (see services.ts),
 * creates a fresh database for this run and migrates it, and hands tests a run id so every
 * topic they create is unique. Everything created is removed at the end.
 */
import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { createKafka } from "../../adapters/kafka/client";
import { migrateDeploy } from "../../scripts/stack/migrate";
import { dropDatabase, ensureDatabase } from "../../scripts/stack/postgres";
import { resolveServices } from "./services";

declare module "vitest" {
  export interface ProvidedContext {
    kafkaBrokers: string[];
    kafkaSasl: Record<string, string> | null;
    databaseUrl: string;
    runId: string;
  }
}

export default async function setup(project: TestProject) {
  const log = (line: string) => console.log(`[test-setup] ${line}`);
  const services = await resolveServices(log);
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;
  const url = new URL(services.postgresUrl);
  url.pathname = `/lw_test_${runId}`;
  const databaseUrl = url.toString();
  await ensureDatabase(databaseUrl);
  await migrateDeploy(databaseUrl);
  log(
    `kafka from ${services.source.kafka} (${services.brokers.join(",")}), postgres from ${services.source.postgres}, run ${runId}`,
  );

  project.provide("kafkaBrokers", services.brokers);
  project.provide("kafkaSasl", services.kafkaSasl);
  project.provide("databaseUrl", databaseUrl);
  project.provide("runId", runId);

  return async () => {
    const admin = createKafka({ brokers: services.brokers }).admin();
    try {
      await admin.connect();
      const mine = (await admin.listTopics()).filter((t) => t.startsWith(`lwtest.${runId}.`));
      if (mine.length) await admin.deleteTopics({ topics: mine });
      const groups = (await admin.listGroups()).groups.filter((g) => g.groupId.includes(runId));
      if (groups.length) await admin.deleteGroups(groups.map((g) => g.groupId)).catch(() => {});
    } finally {
      await admin.disconnect();
    }
    await dropDatabase(databaseUrl);
    await services.stop();
  };
}
