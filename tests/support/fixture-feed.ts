/**
 * Plays the aggregation workers' part for browser tests and previews when no worker runs: every
 * second it publishes launch-shaped frames (launch-frames.ts) to the real `frames` topic, saves
 * them as frame snapshots like a worker does, and reads the `watch` topic so watched shops are
 * reported. Optionally backfills snapshot history first.
 */
import type { PrismaClient } from "@prisma/client";
import type { Kafka } from "kafkajs";
import type { TopicNames } from "../../adapters/kafka/topics";
import type { Frame } from "../../core/frames/frame";
import { decodeWatchEntry, liveWatchedShops, type WatchEntry } from "../../core/live/watch";
import { createLaunchFrames, type FixtureShop } from "./launch-frames";

export interface FixtureFeed {
  /** Frames published so far. */
  published(): number;
  stop(): Promise<void>;
}

const snapshotRow = (f: Frame) => ({
  group: "live",
  t: BigInt(Math.floor((f.watermark ?? f.emittedAt) / 1000)),
  source: f.source,
  frame: JSON.parse(JSON.stringify(f)),
});

export async function startFixtureFeed({
  kafka,
  topics,
  prisma,
  shops,
  groupId,
  ordersPerSec = 60,
  backfillSec = 0,
  intervalMs = 1000,
}: {
  kafka: Kafka;
  topics: TopicNames;
  prisma: PrismaClient;
  shops: readonly FixtureShop[];
  groupId: string;
  ordersPerSec?: number;
  backfillSec?: number;
  intervalMs?: number;
}): Promise<FixtureFeed> {
  const gen = createLaunchFrames({ shops, ordersPerSec });
  const now = Math.floor(Date.now() / 1000);
  if (backfillSec > 0) {
    let batch: ReturnType<typeof snapshotRow>[] = [];
    for (let s = now - backfillSec; s < now; s++) {
      batch.push(...gen.framesAt(s).map(snapshotRow));
      if (batch.length >= 400) {
        await prisma.frameSnapshot.createMany({ data: batch, skipDuplicates: true });
        batch = [];
      }
    }
    if (batch.length) await prisma.frameSnapshot.createMany({ data: batch, skipDuplicates: true });
  }

  const entries = new Map<string, WatchEntry>();
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 200 });
  await consumer.connect();
  await consumer.subscribe({ topic: topics.watch, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const key = String(message.key);
      try {
        const e = decodeWatchEntry(message.value);
        if (e) entries.set(key, e);
        else entries.delete(key);
      } catch {
        // A malformed entry is ignored, as a worker would.
      }
    },
  });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();

  let count = 0;
  let sec = now;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const tick = async () => {
    gen.watch(liveWatchedShops(entries.values(), Date.now()));
    const frames = gen.framesAt(sec++);
    await producer.send({
      topic: topics.frames,
      messages: frames.map((f) => ({ key: f.source, value: JSON.stringify(f) })),
    });
    count += frames.length;
    await prisma.frameSnapshot.createMany({ data: frames.map(snapshotRow), skipDuplicates: true });
  };
  const timer = setInterval(() => {
    if (stopped) return;
    running = running.then(tick).catch(() => {});
  }, intervalMs);
  return {
    published: () => count,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      await producer.disconnect().catch(() => {});
      await consumer.disconnect().catch(() => {});
    },
  };
}
