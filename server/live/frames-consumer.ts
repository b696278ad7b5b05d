/**
 * Consumes the `frames` topic. Every web process uses its own consumer group, so each one sees
 * every frame and several can run behind a load balancer. Offsets are never committed: a
 * restarted process starts at the newest frame instead of replaying old ones.
 */
import type { Kafka } from "kafkajs";
import { decodeJsonValue, startFollower } from "../../adapters/kafka/follower";
import type { Logger } from "../../adapters/log";
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
  const { consumer, ready } = await startFollower(kafka, { topic, groupId, name: "frames consumer", logger });
  consumer.on(consumer.events.GROUP_JOIN, () => set("connected"));
  consumer.on(consumer.events.CRASH, () => set("down"));
  consumer.on(consumer.events.REQUEST_TIMEOUT, () => set("down"));
  consumer.on(consumer.events.FETCH, () => set("connected"));
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ message }) => {
      const decoded = decodeJsonValue(message.value, FrameSchema);
      if (decoded.ok) onFrame(decoded.value);
      else onInvalid(decoded.reason);
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
