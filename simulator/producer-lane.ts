/**
 * A producer lane: one Kafka client (see lane-sender.ts) that owns a subset of the partitions,
 * in this thread or in a worker thread (see producer-thread.ts). Two lanes use both cores of a
 * small machine: encoding requests is single-threaded JavaScript.
 */
import type { KafkaSecurity } from "../adapters/kafka/security";
import { LaunchwatchError } from "../core/errors";
import type { TopicRole } from "../core/simulation/wire";
import { connectLaneSender } from "./connect-lane-sender";
import type { Acks, KafkaClientKind } from "./lane-sender";
import type { PackedBatch } from "./pack";
import { startTsWorker } from "./ts-worker";

export interface LaneOptions {
  brokers: string[];
  /** TLS and SASL, default PLAINTEXT (a plain object: it is posted to the thread as it is). */
  security?: KafkaSecurity;
  topics: Record<TopicRole, string>;
  /** Which client sends (default `fast`). */
  client?: KafkaClientKind;
  /** -1 all in-sync replicas, 1 leader only (default), 0 none (kafkajs only). */
  acks?: Acks;
  clientId?: string;
}

export interface ProducerLane {
  /** Sends one batch; resolves when the broker acknowledged it. */
  submit(batch: PackedBatch): Promise<void>;
  close(): Promise<void>;
}

/** A lane in this thread. */
export async function createInProcessLane({
  client = "fast",
  ...options
}: LaneOptions): Promise<ProducerLane> {
  const sender = await connectLaneSender(client, options);
  return { submit: (batch) => sender.send(batch), close: () => sender.close() };
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
    client: "fast",
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
