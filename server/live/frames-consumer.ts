/**
 * Consumes the `frames` topic. Every web process uses its own consumer group, so each one sees
 * every frame and several can run behind a load balancer. Offsets are never committed: a
 * restarted process starts at the newest frame instead of replaying old ones.
 */
import type { Kafka } from "kafkajs";
import type { Logger } from "../../adapters/log";
import { describeError } from "../../core/errors";
import { type Frame, FrameSchema } from "../../core/frames/frame";
import type { KafkaState } from "../../core/live/socket-events";

export interface FramesConsumer {
  state(): KafkaState;
  /** Resolves once the consumer joined its group and fetches. */
  ready(): Promise<void>;
  stop(): Promise<void>;
}

export async function startFramesConsumer({
  kafka,
  topic,
  groupId,
  logger,
  onFrame,
  onInvalid = () => {},
  onState = () => {},
}: {
  kafka: Kafka;
  topic: string;
  groupId: string;
  logger: Logger;
  onFrame(frame: Frame): void;
  onInvalid?(reason: string): void;
  onState?(state: KafkaState): void;
}): Promise<FramesConsumer> {
  let state: KafkaState = "connecting";
  const set = (s: KafkaState) => {
    if (s === state) return;
    state = s;
    onState(s);
  };
  let resolveReady!: () => void;
  const ready = new Promise<void>((r) => (resolveReady = r));
  const consumer = kafka.consumer({
    groupId,
    // Frames are small and frequent: ask again quickly so a frame waits as little as possible.
    maxWaitTimeInMs: 100,
    sessionTimeout: 10_000,
    heartbeatInterval: 1_000,
    retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 300, maxRetryTime: 5_000 },
  });
  consumer.on(consumer.events.GROUP_JOIN, () => {
    set("connected");
    resolveReady();
  });
  consumer.on(consumer.events.CRASH, (e) => {
    set("down");
    logger.warn("frames consumer crashed; kafkajs restarts it", { error: describeError(e.payload.error) });
  });
  consumer.on(consumer.events.REQUEST_TIMEOUT, () => set("down"));
  consumer.on(consumer.events.FETCH, () => set("connected"));

  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: false });
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ message }) => {
      let json: unknown;
      try {
        json = JSON.parse(message.value?.toString("utf8") ?? "null");
      } catch {
        onInvalid("not JSON");
        return;
      }
      const parsed = FrameSchema.safeParse(json);
      if (!parsed.success) {
        onInvalid(parsed.error.issues[0]?.message ?? "invalid frame");
        return;
      }
      onFrame(parsed.data);
    },
  });
  return {
    state: () => state,
    ready: () => ready,
    async stop() {
      await consumer.disconnect().catch(() => {});
    },
  };
}
