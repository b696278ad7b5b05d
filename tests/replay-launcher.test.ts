/**
 * Launching Kafka replays from the web process through its port (core/replay/replay-runner.ts)
 * and the process runner (adapters/process/replay-process.ts), against real Kafka and Postgres:
 * a replay's progress reaches its row while it runs, Cancel stops it, and a replay left
 * `running` by a process that died is marked failed when a launcher starts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createReplayStore } from "../adapters/db/replay-store";
import { createKafka } from "../adapters/kafka/client";
import { ensureTopics } from "../adapters/kafka/topics";
import { silentLogger } from "../adapters/log";
import { createReplayProcessRunner } from "../adapters/process/replay-process";
import { buildCapacityTable } from "../core/capacity/capacity-table";
import { newReplayId } from "../core/replay/replay-runner";
import { abandonedReplayError, createReplayLauncher } from "../server/replay/replay-launcher";
import { testEnv } from "./support/env";
import { makeTestStream } from "./support/launch-events";
import { loadTestReference, produceLines, waitFor, withPg } from "./support/worker-harness";

const env = testEnv();
const kafka = createKafka({ brokers: env.brokers });
const topics = env.topics("replay-launch");
const store = createReplayStore({ databaseUrl: env.databaseUrl });
const lines = makeTestStream({ n: 60_000, start: 1_770_343_200_000, seed: 5 });

function launcher() {
  return createReplayLauncher({
    store,
    logger: silentLogger,
    runner: createReplayProcessRunner({
      env: {
        KAFKA_BROKERS: env.brokers.join(","),
        DATABASE_URL: env.databaseUrl,
        LW_TOPIC_PREFIX: topics.prefix,
      },
      logger: silentLogger,
    }),
    readSnapshots: async () => [],
    liveAlertChanges: async () => [],
    capacityTable: async () => buildCapacityTable([], []),
    createdPerMinute: async () => ({ before: 0, minutes: [] }),
    endpointSecondsOver: async () => ({}),
  });
}

const kafkaInput = {
  source: "kafka" as const,
  overrides: [],
  ruleOverrides: [],
  baselineId: null,
  workers: 1,
};

beforeAll(async () => {
  await loadTestReference(env.databaseUrl);
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, topics, 3);
  await admin.disconnect();
  await produceLines(kafka, topics, lines);
}, 120_000);

afterAll(() => store.close());

describe("replay launcher", () => {
  it("marks failed, at start-up, a replay whose process died; leaves one that is alive", async () => {
    const dead = newReplayId();
    const alive = `${newReplayId()}a`;
    await withPg(env.databaseUrl, async (c) => {
      await c.query(
        `insert into replays (id, name, from_ts, to_ts, status, created_at)
         values ($1, 'died', 0, 1, 'running', now() - interval '10 minutes')`,
        [dead],
      );
      await c.query(
        `insert into replays (id, name, from_ts, to_ts, status, created_at, heartbeat_at)
         values ($1, 'alive', 0, 1, 'running', now() - interval '10 minutes', now())`,
        [alive],
      );
    });
    const l = launcher();
    try {
      await waitFor(async () => (await store.get(dead))?.status === "failed", {
        what: "the dead replay failed",
        timeoutMs: 10_000,
      });
      expect((await store.get(dead))?.error).toBe(abandonedReplayError);
      expect((await store.get(alive))?.status).toBe("running");
    } finally {
      await l.close();
      await withPg(env.databaseUrl, (c) =>
        c.query("delete from replays where id = any($1)", [[dead, alive]]),
      );
    }
  });

  it("runs a replay in a process of its own, with its progress in the row until done", async () => {
    const l = launcher();
    try {
      const r = await l.start({ ...kafkaInput, name: "through the port" });
      expect(r.status).toBe("running");
      const seen: number[] = [];
      await waitFor(
        async () => {
          const row = await store.get(r.id);
          if (row?.progress) seen.push(row.progress.done);
          if (row?.status === "failed") throw new Error(row.error ?? "failed");
          return row?.status === "done";
        },
        { what: "the replay to finish", timeoutMs: 120_000 },
      );
      expect(seen.length).toBeGreaterThan(0);
      const done = await store.get(r.id);
      expect(done?.summary?.totals.ordersCreated).toBeGreaterThan(0);
      expect(done?.progress).toBeNull();
    } finally {
      await l.close();
    }
  }, 150_000);

  it("cancels a running replay: its row ends failed, cancelled, and its processes stop", async () => {
    const l = launcher();
    try {
      const r = await l.start({ ...kafkaInput, name: "to cancel" });
      expect(await l.cancel(r.id)).toBe(true);
      await waitFor(async () => (await store.get(r.id))?.status === "failed", {
        what: "the replay cancelled",
        timeoutMs: 30_000,
      });
      expect((await store.get(r.id))?.error).toMatch(/cancelled/);
      await waitFor(async () => l.running() === 0, { what: "the runner to end", timeoutMs: 30_000 });
      expect(await l.cancel(r.id)).toBe(false);
    } finally {
      await l.close();
    }
  }, 60_000);
});
