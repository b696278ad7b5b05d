/** A lane sender over a kafkajs producer (`--kafka-client kafkajs`). */
import { CompressionTypes, type ICustomPartitioner, type Producer } from "kafkajs";
import { createKafka } from "../adapters/kafka/client";
import { topicRoles } from "../core/simulation/wire";
import type { LaneSender, SenderOptions } from "./lane-sender";
import { unpack } from "./pack";

/** Partitions were chosen by the sink from the key; the producer keeps them. */
const keepPartition: ICustomPartitioner =
  () =>
  ({ message }) =>
    message.partition ?? 0;

export async function connectKafkajsSender({
  brokers,
  topics,
  acks = 1,
  clientId = "launchwatch-simulator",
  security,
}: SenderOptions): Promise<LaneSender> {
  const producer: Producer = createKafka({ brokers, clientId, security }).producer({
    createPartitioner: keepPartition,
    allowAutoTopicCreation: false,
  });
  await producer.connect();
  return {
    async send(batch) {
      const byRole = unpack(batch);
      const topicMessages = topicRoles
        .filter((r) => byRole[r].length > 0)
        .map((r) => ({ topic: topics[r], messages: byRole[r] }));
      if (topicMessages.length > 0)
        await producer.sendBatch({ topicMessages, acks, compression: CompressionTypes.None });
    },
    close: () => producer.disconnect(),
  };
}
