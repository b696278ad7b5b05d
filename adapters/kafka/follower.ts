/**
 * A consumer that follows a topic from its end (frames, alerts): a group of its own, quick
 * fetches, retried for ever, and `ready` once the first fetch after joining is done: only then
 * is the start offset resolved, so anything produced afterwards is read. Message values are
 * JSON validated with a Zod schema at this boundary.
 */
import type { Consumer, Kafka } from "kafkajs";
import type { z } from "zod";
import { describeError } from "../../core/errors";
import type { Logger } from "../log";

export interface Follower {
  consumer: Consumer;
  /** Resolves after the first fetch that follows the group join. */
  ready: Promise<void>;
}

/**
 * Creates, connects and subscribes the consumer (from the end for a new group); the caller runs it.
 * @param name for log lines ("frames consumer crashed; ...")
 * @param sessionTimeoutMs default 10 s (heartbeats every third of it, at most 3 s)
 */
export async function startFollower(
  kafka: Kafka,
  {
    topic,
    groupId,
    name,
    logger,
    sessionTimeoutMs = 10_000,
    maxBytesPerPartition,
  }: {
    topic: string;
    groupId: string;
    name: string;
    logger: Logger;
    sessionTimeoutMs?: number;
    maxBytesPerPartition?: number;
  },
): Promise<Follower> {
  let resolveReady!: () => void;
  const ready = new Promise<void>((r) => (resolveReady = r));
  const consumer = kafka.consumer({
    groupId,
    // Small, frequent messages: ask again quickly so one waits as little as possible.
    maxWaitTimeInMs: 100,
    sessionTimeout: sessionTimeoutMs,
    heartbeatInterval: Math.min(3000, Math.floor(sessionTimeoutMs / 3)),
    ...(maxBytesPerPartition === undefined ? {} : { maxBytesPerPartition }),
    retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 300, maxRetryTime: 5000 },
  });
  let joined = false;
  consumer.on(consumer.events.GROUP_JOIN, () => {
    joined = true;
  });
  consumer.on(consumer.events.FETCH, () => {
    if (joined) resolveReady();
  });
  consumer.on(consumer.events.CRASH, (e) =>
    logger.warn(`${name} crashed; kafkajs restarts it`, { error: describeError(e.payload.error) }),
  );
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: false });
  return { consumer, ready };
}

/** A message value as JSON matching `schema`, or why not. */
export function decodeJsonValue<S extends z.ZodType>(
  value: Buffer | null,
  schema: S,
): { ok: true; value: z.output<S> } | { ok: false; reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(value?.toString("utf8") ?? "null");
  } catch {
    return { ok: false, reason: "not JSON" };
  }
  const parsed = schema.safeParse(json);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, reason: parsed.error.issues[0]?.message ?? "invalid" };
}
