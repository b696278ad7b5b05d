/**
 * A consumer group per stream kind (issue 17), against the real broker and Postgres: a mapping
 * whose orders name a group of their own while api and downloads keep the file's. `npm run
 * worker` refuses it without LW_SOURCES_KINDS, and a selection that leaves out a kind of its
 * group, naming the setting, the file and the line; two workers told their kinds (each a
 * deployment of its own: topic prefix, stream) read only those kinds' topics, store and commit
 * their offsets under their own group, and together store exactly the aggregates an independent
 * recount gives; a worker of one group joining the frames topic of the other's is refused.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKafka } from "../adapters/kafka/client";
import { readRecentMessages } from "../adapters/kafka/recent-messages";
import { dropDatabase } from "../scripts/stack/postgres";
import { testEnv } from "./support/env";
import { makeTestStream } from "./support/launch-events";
import { ownDatabaseUrl, prepareTestDatabase } from "./support/own-database";
import { type Child, startScript } from "./support/processes";
import { ensureTestTopics } from "./support/topics";
import { produceLines, recount, storedCounts, waitFor, withPg } from "./support/worker-harness";

const env = testEnv();
const kafka = createKafka({ brokers: env.brokers });
// A database of this file's own, so its reference data and offsets meet no other test's.
const dbUrl = ownDatabaseUrl(env.databaseUrl, "kindgroups");
const topics = env.topics("kind-groups");
const ordersGroup = env.groupId("kg-orders");
const restGroup = env.groupId("kg-rest");
const start = 1_770_343_200_000;
const lines = makeTestStream({ n: 6000, start, seed: 17 });
const countOf = (topic: "orders" | "api" | "downloads") => lines.filter((l) => l.topic === topic).length;

/** The native contract read through a mapping, orders on a group of their own. */
const mapping = `group: ${restGroup}

orders:
  group: ${ordersGroup}
  topics: [${topics.orders}]
  fields:
    id: $.id
    orderId: $.orderId
    userId: $.userId
    shopId: $.shopId
    chain: $.chain
    city: $.city
    amount: $.amount
    status: { path: $.status, map: { created: created, accepted: accepted, made: made, failed: failed } }
    ts: $.ts

api:
  topics: [${topics.api}]
  fields:
    id: $.id
    endpoint: $.endpoint
    status: $.status
    latencyMs: $.latencyMs
    errorClass: $.errorClass
    retry: $.retry
    ts: $.ts

downloads:
  topics: [${topics.downloads}]
  fields:
    id: $.id
    userId: $.userId
    kind: { path: $.kind, map: { install: install, update: update, invite: invite } }
    inviterId: $.inviterId
    platform: { path: $.platform, map: { ios: ios, android: android, harmony: harmony } }
    channel: $.channel
    ts: $.ts
`;
const file = path.join(mkdtempSync(path.join(tmpdir(), "lw-kind-groups-")), "sources.yaml");
writeFileSync(file, mapping);
const groupLine = mapping.split("\n").findIndex((l) => l.includes(`group: ${ordersGroup}`)) + 1;

const children: Child[] = [];
function worker(id: string, extra: Record<string, string>): Child {
  const child = startScript("workers/aggregator/main.ts", [], {
    KAFKA_BROKERS: env.brokers.join(","),
    DATABASE_URL: dbUrl,
    LW_TOPIC_PREFIX: topics.prefix,
    LW_WORKER_ID: id,
    LW_SOURCES_FILE: file,
    LW_FLUSH_INTERVAL_MS: "100",
    LW_SESSION_TIMEOUT_MS: "6000",
    LOG_LEVEL: "warn",
    ...extra,
  });
  children.push(child);
  return child;
}
const exited = (c: Child) =>
  new Promise<number | null>((resolve) => {
    if (c.process.exitCode !== null) resolve(c.process.exitCode);
    else c.process.once("exit", (code) => resolve(code));
  });

/** Postgres' offset rows of a group: topic -> summed next offset. */
const storedByTopic = (group: string) =>
  withPg(dbUrl, async (c) => {
    const r = await c.query<{ topic: string; n: string }>(
      "select topic, sum(next_offset)::bigint as n from consumer_offsets where group_id = $1 group by topic",
      [group],
    );
    return Object.fromEntries(r.rows.map((row) => [row.topic, Number(row.n)]));
  });

/** Kafka's committed offsets of a group: topic -> summed offset (topics it never committed: absent). */
async function committedByTopic(group: string): Promise<Record<string, number>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const all = [topics.orders, topics.api, topics.downloads];
    const fetched = await admin.fetchOffsets({ groupId: group, topics: all });
    const out: Record<string, number> = {};
    for (const t of fetched) {
      const committed = t.partitions.filter((p) => Number(p.offset) >= 0);
      if (committed.length) out[t.topic] = committed.reduce((n, p) => n + Number(p.offset), 0);
    }
    return out;
  } finally {
    await admin.disconnect();
  }
}

beforeAll(async () => {
  await prepareTestDatabase(dbUrl);
  await ensureTestTopics(kafka, topics, 2);
  await produceLines(kafka, topics, lines);
}, 180_000);

afterAll(async () => {
  await Promise.all(children.map((c) => c.stop(2000)));
  await dropDatabase(dbUrl).catch(() => {});
});

describe("a consumer group per stream kind", () => {
  it("npm run worker refuses kinds on different groups without LW_SOURCES_KINDS, and a selection leaving out a kind of its group; the check shows each kind's group", async () => {
    const none = worker("kg-none", {});
    const partial = worker("kg-partial", { LW_SOURCES_KINDS: "api" });
    const check = startScript("scripts/sources.ts", ["check", "--file", file, "--sample", "5"], {
      KAFKA_BROKERS: env.brokers.join(","),
      DATABASE_URL: dbUrl,
    });
    children.push(check);
    const [a, b] = await Promise.all([exited(none), exited(partial), exited(check)]);
    // The check shows each kind's group and where it is set, and how the workers split.
    expect(check.output()).toContain(
      [
        `orders    group "${ordersGroup}" (${file}:${groupLine})`,
        `api       group "${restGroup}" (${file}:1, the file's)`,
        `downloads group "${restGroup}" (${file}:1, the file's)`,
        "2 consumer groups: one worker deployment each, LW_SOURCES_KINDS=orders | api,downloads",
      ].join("\n"),
    );
    expect(a, none.output()).toBe(1);
    expect(none.output().trim()).toBe(
      `[worker] Invalid configuration: LW_SOURCES_KINDS: orders (${file}:${groupLine}) reads group "${ordersGroup}" and api (${file}:1) reads group "${restGroup}": a worker consumes one group; set LW_SOURCES_KINDS to the kinds of one (orders: "${ordersGroup}"; api,downloads: "${restGroup}")`,
    );
    expect(b, partial.output()).toBe(1);
    expect(partial.output().trim()).toMatch(
      /^\[worker\] Invalid configuration: LW_SOURCES_KINDS: downloads \(.*sources\.yaml:1\) reads group ".*" too: the workers of one group read all its kinds; add downloads/,
    );
  }, 120_000);

  it("two workers told their kinds, each a deployment of its own, read only their topics, store and commit offsets under their own group, and store the recount together; one joining the other's frames topic is refused", async () => {
    const orders = worker("kg-orders", { LW_SOURCES_KINDS: "orders", LW_STREAM: `kg-o-${env.runId}` });
    const ordersExit = exited(orders).then(() => {
      throw new Error(`the orders worker exited:\n${orders.output()}`);
    });
    ordersExit.catch(() => {});
    await Promise.race([
      ordersExit,
      waitFor(
        async () =>
          (await storedByTopic(ordersGroup))[topics.orders] === countOf("orders") &&
          (await readRecentMessages(kafka, topics.frames, { perPartition: 1, timeoutMs: 2000 })).length > 0,
        { timeoutMs: 100_000, what: "the orders worker to store every offset and publish a frame" },
      ),
    ]);

    // The other group's worker on the same frames topic: its view would wait for the orders.
    const clash = worker("kg-clash", { LW_SOURCES_KINDS: "api,downloads", LW_STREAM: `kg-r-${env.runId}` });
    expect(await exited(clash), clash.output()).toBe(1);
    expect(clash.output().trim()).toMatch(
      new RegExp(
        `^\\[worker\\] Invalid configuration: LW_TOPIC_PREFIX: .*sources\\.yaml:1: group "${restGroup}" would publish to ${topics.frames.replace(/\./g, "\\.")}, where worker kg-orders published a frame \\d+ s ago reading ${topics.orders.replace(/\./g, "\\.")}, not a topic of this group: one live view over several groups is not supported yet`,
      ),
    );

    // A deployment of its own: its own frames, alerts, dead letters and stream.
    const own = env.topics("kind-groups-rest");
    await ensureTestTopics(kafka, own, 1);
    const rest = worker("kg-rest", {
      LW_SOURCES_KINDS: "downloads, api",
      LW_TOPIC_PREFIX: own.prefix,
      LW_STREAM: `kg-r-${env.runId}`,
    });
    const restExit = exited(rest).then(() => {
      throw new Error(`the api/downloads worker exited:\n${rest.output()}`);
    });
    restExit.catch(() => {});
    await Promise.race([
      restExit,
      ordersExit,
      waitFor(
        async () => {
          const r = await storedByTopic(restGroup);
          return (r[topics.api] ?? 0) + (r[topics.downloads] ?? 0) === countOf("api") + countOf("downloads");
        },
        { timeoutMs: 100_000, what: "the api/downloads worker to store every offset" },
      ),
    ]);
    await Promise.all([orders.stop(), rest.stop()]);

    // Each group's ledger holds its own kinds' topics only, every record read once.
    expect(await storedByTopic(ordersGroup)).toEqual({ [topics.orders]: countOf("orders") });
    expect(await storedByTopic(restGroup)).toEqual({
      [topics.api]: countOf("api"),
      [topics.downloads]: countOf("downloads"),
    });
    // And Kafka's committed offsets (what lag monitoring reads) are under the same groups.
    expect(await committedByTopic(ordersGroup)).toEqual({ [topics.orders]: countOf("orders") });
    expect(await committedByTopic(restGroup)).toEqual({
      [topics.api]: countOf("api"),
      [topics.downloads]: countOf("downloads"),
    });
    // The two groups' aggregates are exactly what one group reading everything would have stored.
    const stored = {
      ...Object.fromEntries(await storedCounts(dbUrl, `kg-o-${env.runId}`)),
      ...Object.fromEntries(await storedCounts(dbUrl, `kg-r-${env.runId}`)),
    };
    expect(stored).toEqual(Object.fromEntries(await recount(dbUrl, lines, start)));
  }, 180_000);
});
