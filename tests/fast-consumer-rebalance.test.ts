/**
 * The fast consumer across rebalances, with the group membership scripted (a stand-in for the
 * kafkajs member) and the fetches going to the real broker: once the group is rebalancing
 * nothing of the old assignment is handed out, and when an assignment is superseded while the
 * consumer waits for it, nothing is handed out until the newest one is applied, from exactly
 * the positions the caller chose for it.
 */
import { EventEmitter } from "node:events";
import type { Kafka } from "kafkajs";
import { afterAll, describe, expect, it } from "vitest";
import { createKafka } from "../adapters/kafka/client";
import { createFastPartitionConsumer } from "../adapters/kafka/fast-consumer/consumer";
import { type PartitionConsumer, tpKey } from "../adapters/kafka/partition-consumer";
import { silentLogger } from "../adapters/log";
import { testEnv } from "./support/env";
import { waitFor } from "./support/wait";

const env = testEnv();
const real = createKafka({ brokers: env.brokers });
const running: PartitionConsumer[] = [];
afterAll(async () => {
  await Promise.all(running.map((c) => c.stop()));
});

const events = {
  GROUP_JOIN: "consumer.group_join",
  REBALANCING: "consumer.rebalancing",
  CRASH: "consumer.crash",
};

/** A group member whose joins and rebalances the test announces. */
function scriptedMember() {
  const emitter = new EventEmitter();
  const consumer = {
    events,
    connect: async () => {},
    disconnect: async () => {},
    stop: async () => {},
    subscribe: async () => {},
    run: async () => {},
    pause: () => {},
    commitOffsets: async () => {},
    on: (event: string, listener: (e: unknown) => void) => {
      emitter.on(event, listener);
      return () => emitter.off(event, listener);
    },
  };
  return {
    consumer,
    join: (topic: string, partitions: number[]) =>
      emitter.emit(events.GROUP_JOIN, { payload: { memberAssignment: { [topic]: partitions } } }),
    rebalancing: () => emitter.emit(events.REBALANCING, { payload: {} }),
  };
}

const gate = () => {
  let open: () => void = () => {};
  const opened = new Promise<void>((r) => (open = r));
  return { opened, open };
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("fast consumer across rebalances", () => {
  it("hands out nothing while rebalancing or before the newest assignment is applied", async () => {
    const topic = env.topics("fast-race").orders;
    const admin = real.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
    const producer = real.producer();
    await producer.connect();
    // 80 record batches of 5: a fetch of 1 KiB returns one or two of them.
    for (let b = 0; b < 80; b++) {
      await producer.send({
        topic,
        messages: Array.from({ length: 5 }, (_, k) => ({
          partition: 0,
          value: `m${b * 5 + k}-${"x".repeat(100)}`,
        })),
      });
    }
    await producer.disconnect();

    const member = scriptedMember();
    const kafka = { consumer: () => member.consumer, admin: () => real.admin() } as unknown as Kafka;
    const consumer = createFastPartitionConsumer({
      kafka,
      groupId: env.groupId("fast-race"),
      topics: [topic],
      logger: silentLogger,
      maxBytesPerPartition: 1024, // a few messages a fetch: hand-out takes a while
    });
    running.push(consumer);

    // What the caller is doing: "assigning" between a rebalance and the newest assignment taken.
    let phase: "first" | "assigning" | "third" = "first";
    const violations: string[] = [];
    const handed: Array<{ phase: string; first: number; last: number }> = [];
    const second = gate();
    const third = gate();
    let assignCalls = 0;
    await consumer.run({
      onUnreadable: (_tp, u) => {
        throw new Error(`unreadable batch: ${u.reason}`);
      },
      onAssign: async (assigned) => {
        const call = ++assignCalls;
        if (call === 2) await second.opened; // superseded while it waits
        if (call === 3) await third.opened;
        if (call === 3) phase = "third";
        // The third assignment starts at 250: the caller's store says so.
        return new Map(assigned.map((a) => [tpKey(a), call === 3 ? 250 : 0]));
      },
      onBatch: async (_tp, batch) => {
        const first = batch.offsets[0]!;
        const last = batch.offsets[batch.count - 1]!;
        if (phase === "assigning") violations.push(`batch ${first}-${last} handed out while assigning`);
        handed.push({ phase, first, last });
        await sleep(20); // slow processing: rounds stay in flight across the script's steps
      },
      onFatal: (err) => violations.push(`fatal: ${String(err)}`),
    });

    member.join(topic, [0]);
    await waitFor(() => handed.length >= 3, { what: "the first assignment's batches" });
    phase = "assigning";
    member.rebalancing();
    await sleep(100); // kafkajs takes a while to re-join
    member.join(topic, [0]); // second assignment: its caller is slow
    await sleep(300);
    consumer.resync(); // third assignment starts while the second still waits
    second.open(); // the second finishes, superseded: its positions must never be used
    await sleep(500); // the third is not applied yet: nothing may be handed out
    third.open();
    await waitFor(() => handed.some((h) => h.phase === "third" && h.last === 399), {
      what: "the third assignment read to the end",
    });

    expect(violations).toEqual([]);
    const thirdBatches = handed.filter((h) => h.phase === "third");
    expect(thirdBatches[0]!.first).toBe(250);
    // Contiguous from the chosen start: nothing skipped, nothing twice.
    for (let i = 1; i < thirdBatches.length; i++) {
      expect(thirdBatches[i]!.first).toBe(thirdBatches[i - 1]!.last + 1);
    }
  }, 60_000);
});
