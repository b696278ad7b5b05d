/**
 * One hostile input must not stop, blind or double-count the worker (real broker, real
 * Postgres). Into an ordinary stream go: an order dated in the year 2100, a message just under
 * the broker's size limit, a gzip batch that inflates past the consumer's limit, an order whose
 * key names another shop than its body, a re-sent order for an unknown shop, and a batch whose
 * bytes on the broker's disk were corrupted (its codec bits set to one that does not exist). Afterwards the
 * stored counts equal an independent recount of the ordinary events, every partition's position
 * is past everything, each bad input is on the dead-letter topic with its reason, and the frame
 * snapshots of other streams survive the worker's retention.
 */
import fs from "node:fs";
import path from "node:path";
import { CompressionTypes } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAggregateStore } from "../adapters/db/aggregate-store";
import { createKafka } from "../adapters/kafka/client";
import { ensureTopics } from "../adapters/kafka/topics";
import { silentLogger } from "../adapters/log";
import type { Frame } from "../core/frames/frame";
import { stackPaths } from "../scripts/stack/paths";
import { createAggregatorWorker } from "../workers/aggregator/worker";
import { testEnv } from "./support/env";
import { makeTestStream, testShops } from "./support/launch-events";
import {
  loadTestReference,
  produceLines,
  recount,
  storedCounts,
  storedProgress,
  waitFor,
  withPg,
} from "./support/worker-harness";

const env = testEnv();
const start = 1_770_343_200_000;
const lines = makeTestStream({ n: 6000, start, seed: 7 });
const kafka = createKafka({ brokers: env.brokers });
const topics = env.topics("hostile");
const groupId = env.groupId("hostile");
const stream = `hostile-${env.runId}`;
const otherStream = `other-${env.runId}`;
const store = createAggregateStore({ databaseUrl: env.databaseUrl });
const frames: Frame[] = [];
const shop = testShops[4]!;
const order = (id: string, ts: number, shopId = shop.id) =>
  JSON.stringify({
    v: 1,
    type: "order",
    id,
    orderId: id,
    userId: "u-h",
    shopId,
    chain: testShops[shopId]?.chain ?? shop.chain,
    city: testShops[shopId]?.city ?? shop.city,
    amount: 25,
    status: "created",
    ts,
  });
const unknownShop = JSON.stringify({
  ...JSON.parse(order("unknown-twice", start + 60_000)),
  shopId: 999_999,
});
const oversize = "x".repeat(1_048_400);
const inflateLimit = 200_000;

const worker = createAggregatorWorker({
  kafka,
  store,
  topics,
  groupId,
  stream,
  workerId: "hostile-1",
  logger: silentLogger,
  frameIntervalMs: 200,
  flushIntervalMs: 200,
  snapshotRetentionHours: 1,
  snapshotPruneIntervalMs: 300,
  maxInflatedBytes: inflateLimit,
  onFrame: (f) => frames.push(f),
});

async function deadLetters(want: number) {
  const consumer = kafka.consumer({ groupId: env.groupId("hostile-dlq"), maxBytesPerPartition: 2_000_000 });
  await consumer.connect();
  await consumer.subscribe({ topic: topics.deadLetter, fromBeginning: true });
  const got: Array<{ headers: Record<string, string>; size: number }> = [];
  await new Promise<void>((resolve) => {
    void consumer.run({
      eachMessage: async ({ message }) => {
        const headers = Object.fromEntries(
          Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]),
        );
        got.push({ headers, size: message.value?.length ?? 0 });
        if (got.length === want) resolve();
      },
    });
  });
  await consumer.disconnect();
  return got;
}

let total = 0;

/**
 * Sets the codec bits of the record batch holding `needle` to 5 (no such codec) in the local
 * broker's log segment: the broker serves fetches from those bytes as they are.
 */
function corruptOnDisk(topic: string, partition: number, needle: string): void {
  const port = Number(env.brokers[0]!.split(":")[1]);
  const file = path.join(
    stackPaths(process.env.LAUNCHWATCH_HOME || undefined).dataDir(port),
    `${topic}-${partition}`,
    "00000000000000000000.log",
  );
  if (!fs.existsSync(file)) throw new Error(`${file} not found: this test needs the local stack's broker`);
  const log = fs.readFileSync(file);
  const at = log.indexOf(needle);
  if (at < 0) throw new Error(`${needle} not in ${file}`);
  let pos = 0;
  while (pos + 12 + log.readInt32BE(pos + 8) <= at) pos += 12 + log.readInt32BE(pos + 8);
  const fd = fs.openSync(file, "r+");
  const attributes = Buffer.alloc(2);
  attributes.writeInt16BE((log.readInt16BE(pos + 21) & ~0x07) | 5);
  fs.writeSync(fd, attributes, 0, 2, pos + 21);
  fs.closeSync(fd);
}
beforeAll(async () => {
  await loadTestReference(env.databaseUrl);
  // Another stream's snapshots, hours older than this stream's events: not this worker's to prune.
  await withPg(env.databaseUrl, (c) =>
    c.query(`insert into frame_snapshots ("group", t, source, frame) values ($1, $2, 'w', '{}'::jsonb)`, [
      otherStream,
      Math.floor(start / 1000) - 7200,
    ]),
  );
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, topics, 3);
  await admin.disconnect();
  const half = lines.length / 2;
  await produceLines(kafka, topics, lines.slice(0, half));
  const producer = kafka.producer();
  await producer.connect();
  const key = String(shop.id);
  await producer.send({
    topic: topics.orders,
    acks: -1,
    messages: [{ key, value: order("from-2100", Date.parse("2100-01-01T00:00:00Z")) }],
  });
  await producer.send({ topic: topics.orders, acks: -1, messages: [{ key, value: oversize }] });
  await producer.send({
    topic: topics.orders,
    acks: -1,
    compression: CompressionTypes.GZIP,
    messages: Array.from({ length: 3 }, (_, i) => ({ key, value: `${"{".repeat(100_000)}${i}` })),
  });
  await producer.send({
    topic: topics.orders,
    acks: -1,
    messages: [{ key: "5", value: order("key-5-body-9", start + 60_000, 9) }],
  });
  await producer.send({
    topic: topics.orders,
    acks: -1,
    messages: [
      { key: "999999", value: unknownShop },
      { key: "999999", value: unknownShop },
    ],
  });
  const corrupt = [order("corrupt-on-disk-1", start + 60_000), order("corrupt-on-disk-2", start + 60_001)];
  await producer.send({
    topic: topics.orders,
    acks: -1,
    messages: corrupt.map((value) => ({ key, value, partition: 0 })),
  });
  await producer.disconnect();
  corruptOnDisk(topics.orders, 0, "corrupt-on-disk-1");
  await produceLines(kafka, topics, lines.slice(half));
  total = lines.length + 10;
  await worker.start();
  await waitFor(async () => (await storedProgress(env.databaseUrl, groupId)) === total, {
    what: "the worker to store offsets past every message, hostile ones included",
  });
});

afterAll(async () => {
  await worker.stop();
  await store.close();
});

describe("hostile input against the real broker and Postgres", () => {
  it("counts every ordinary event exactly: nothing after the 2100 event is dropped as late", async () => {
    const expected = await recount(env.databaseUrl, lines, start);
    const stored = await storedCounts(env.databaseUrl, stream);
    expect(Object.fromEntries(stored)).toEqual(Object.fromEntries(expected));
  });

  it("dead-letters each hostile input with its reason; oversize copies are cut, a poison batch is one marker", async () => {
    const ordinary = lines.filter((l) => l.kind === "malformed" || l.kind === "unknown-shop").length;
    const letters = await deadLetters(ordinary + 6);
    const reason = (r: RegExp) => letters.filter((l) => r.test(l.headers["lw-reason"] ?? ""));
    expect(reason(/^ts ahead of stream/).length).toBe(1);
    const big = letters.filter((l) => l.headers["lw-truncated"] === "value");
    expect(big.length).toBe(1);
    expect(big[0]!.size).toBe(64 * 1024);
    expect(big[0]!.headers["lw-original-value-size"]).toBe("1048400");
    expect(big[0]!.headers["lw-original-value-sha256"]).toMatch(/^[0-9a-f]{64}$/);
    const markers = letters.filter((l) => l.headers["lw-marker"] === "unreadable-batch");
    expect(markers.length).toBe(2);
    const bomb = markers.find((m) => m.headers["lw-reason"]?.includes(`inflates past ${inflateLimit} bytes`));
    expect(bomb?.headers["lw-records"]).toBe("3");
    const corrupted = markers.find((m) => m.headers["lw-reason"]?.includes("codec 5"));
    expect(corrupted?.headers["lw-records"]).toBe("2");
    expect(corrupted?.headers["lw-source-partition"]).toBe("0");
    expect(reason(/^key does not match shopId 9$/).length).toBe(1);
    expect(reason(/^unknown shop 999999$/).length).toBe(
      lines.filter((l) => l.kind === "unknown-shop").length + 1,
    );
  });

  it("counts the re-sent unknown-shop order as a duplicate, and the rest by reason in the frames", async () => {
    await waitFor(async () => (frames.at(-1)?.totals.unreadable ?? 0) === 5, {
      what: "a frame after the markers",
    });
    const totals = frames.at(-1)!.totals;
    expect(totals.ahead).toBe(1);
    expect(totals.duplicates).toBe(lines.filter((l) => l.kind === "duplicate").length + 1);
    expect(totals.invalid).toBe(
      lines.filter((l) => l.kind === "malformed" || l.kind === "unknown-shop").length + 3, // oversize, key, unknown shop
    );
  });

  it("prunes only its own stream's snapshots", async () => {
    await new Promise((r) => setTimeout(r, 1000)); // a few prune rounds
    const rows = await withPg(env.databaseUrl, (c) =>
      c.query<{ group: string; n: string }>(
        `select "group", count(*) as n from frame_snapshots where "group" in ($1, $2) group by 1`,
        [otherStream, stream],
      ),
    );
    const n = Object.fromEntries(rows.rows.map((r) => [r.group, Number(r.n)]));
    expect(n[otherStream]).toBe(1);
    expect(n[stream]).toBeGreaterThan(0);
  });
});
