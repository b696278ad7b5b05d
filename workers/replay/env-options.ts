/** The Kafka, database and child-process settings of a replay, from its process's environment. */
import { createKafka } from "../../adapters/kafka/client";
import { topicNames } from "../../adapters/kafka/topics";
import type { Logger } from "../../adapters/log";
import { type BaseEnv, kafkaConnection } from "../../config/env";
import type { ReplayOptions } from "./run";

export function replayOptionsFromEnv(env: BaseEnv, logger: Logger): ReplayOptions {
  const { brokers, security } = kafkaConnection(env);
  return {
    kafka: createKafka({ brokers, security }),
    topics: topicNames(env.LW_TOPIC_PREFIX),
    databaseUrl: env.DATABASE_URL,
    childEnv: {
      KAFKA_BROKERS: brokers.join(","),
      DATABASE_URL: env.DATABASE_URL,
      LW_TOPIC_PREFIX: env.LW_TOPIC_PREFIX,
    },
    logger,
  };
}
