/**
 * A producer lane: one kafkajs producer that owns a subset of the partitions, in this thread or
 * in a worker thread (see producer-thread.ts). Two lanes use both cores of a small machine:
 * kafkajs spends most of its time encoding, which is single-threaded JavaScript.
 */
import { CompressionTypes, type ICustomPartitioner, type Kafka, type Producer } from "kafkajs";
import { createKafka } from "../adapters/kafka/client";
import { LaunchwatchError } from "../core/errors";
import { type TopicRole, topicRoles } from "../core/simulation/wire";
import { type PackedBatch, unpack } from "./pack";
import { startTsWorker } from "./ts-worker";

export type Acks = -1 | 0 | 1;

export interface LaneOptions {
  brokers: string[];
  topics: Record<TopicRole, string>;
  /** -1 all in-sync replicas, 1 leader only (default), 0 none. */
  acks?: Acks;
  clientId?: string;
}

export interface ProducerLane {
  /** Sends one batch; resolves when the broker acknowledged it. */
  submit(batch: PackedBatch): Promise<void>;
  close(): Promise<void>;
}

/** Partitions were chosen by the sink from the key; the producer keeps them. */
const keepPartition: ICustomPartitioner =
  () =>
  ({ message }) =>
    message.partition ?? 0;

/** Creates a producer that sends to the partitions the messages name. */
export function createLaneProducer(kafka: Kafka): Producer {
  return kafka.producer({ createPartitioner: keepPartition, allowAutoTopicCreation: false });
}

/** Sends a packed batch, one request with every topic's messages. */
export async function sendPacked(
  producer: Producer,
  topics: Record<TopicRole, string>,
  acks: Acks,
  batch: PackedBatch,
): Promise<void> {
  const byRole = unpack(batch);
  const topicMessages = topicRoles
    .filter((r) => byRole[r].length > 0)
    .map((r) => ({ topic: topics[r], messages: byRole[r] }));
  if (topicMessages.length > 0)
    await producer.sendBatch({ topicMessages, acks, compression: CompressionTypes.None });
}

/** A lane in this thread. */
export async function createInProcessLane({
  brokers,
  topics,
  acks = 1,
  clientId = "launchwatch-simulator",
}: LaneOptions): Promise<ProducerLane> {
  const producer = createLaneProducer(createKafka({ brokers, clientId }));
  await producer.connect();
  return {
    submit: (batch) => sendPacked(producer, topics, acks, batch),
    close: () => producer.disconnect(),
  };
}

/** What a producer thread posts back. */
export type LaneReply =
  | { type: "ready" }
  | { type: "done"; id: number }
  | { type: "failed"; id: number; message: string }
  | { type: "fatal"; message: string }
  | { type: "closed" };

/** A lane in a worker thread. Resolves once the thread's producer is connected. */
export async function createThreadLane(options: LaneOptions): Promise<ProducerLane> {
  const worker = startTsWorker(new URL("./producer-thread.ts", import.meta.url), {
    acks: 1,
    clientId: "launchwatch-simulator",
    ...options,
  });
  const pending = new Map<number, { resolve(): void; reject(err: Error): void }>();
  let nextId = 0;
  let dead: Error | null = null;
  let onReady: { resolve(): void; reject(err: Error): void } | null = null;
  let onClosed: (() => void) | null = null;
  const fail = (err: Error) => {
    dead ??= err;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
    onReady?.reject(err);
  };
  worker.on("message", (reply: LaneReply) => {
    if (reply.type === "ready") onReady?.resolve();
    else if (reply.type === "done") {
      pending.get(reply.id)?.resolve();
      pending.delete(reply.id);
    } else if (reply.type === "failed") {
      pending
        .get(reply.id)
        ?.reject(new LaunchwatchError(`producer thread: ${reply.message}`, { retriable: true }));
      pending.delete(reply.id);
    } else if (reply.type === "fatal") fail(new LaunchwatchError(`producer thread: ${reply.message}`));
    else onClosed?.();
  });
  worker.on("error", (err) => fail(err));
  worker.on("exit", (code) => {
    onClosed?.();
    if (code !== 0) fail(new LaunchwatchError(`producer thread exited with code ${code}`));
  });
  await new Promise<void>((resolve, reject) => {
    onReady = { resolve, reject };
  });
  return {
    submit(batch) {
      if (dead) return Promise.reject(dead);
      const id = nextId++;
      return new Promise<void>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ type: "batch", id, batch });
      });
    },
    async close() {
      if (dead) {
        await worker.terminate();
        return;
      }
      await new Promise<void>((resolve) => {
        onClosed = resolve;
        worker.postMessage({ type: "close" });
      });
      await worker.terminate();
    },
  };
}
