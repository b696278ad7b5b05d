/** What an integration test gets from the global setup, plus per-test unique names. */
import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import type { KafkaSecurity } from "../../adapters/kafka/security";
import { type TopicNames, topicNames } from "../../adapters/kafka/topics";
import { baseEnvShape, kafkaConnection, readConfig } from "../../config/env";

export interface TestEnv {
  brokers: string[];
  databaseUrl: string;
  runId: string;
  /** A topic prefix no other test or run uses: `lwtest.<run>.<label>.<random>.` */
  topicPrefix(label: string): string;
  topics(label: string): TopicNames & { prefix: string };
  /** A consumer group id unique to this run. */
  groupId(label: string): string;
  /**
   * The local broker's SASL_SSL listener: its settings as environment variables (for child
   * processes) and as the connection the processes build from them. Throws when the run's
   * Kafka is not the local stack, which has no such listener.
   */
  sasl(): { env: Record<string, string>; brokers: string[]; security: KafkaSecurity };
}

export function testEnv(): TestEnv {
  const runId = inject("runId");
  const unique = (label: string) => `${runId}.${label}.${randomBytes(2).toString("hex")}`;
  return {
    brokers: inject("kafkaBrokers"),
    databaseUrl: inject("databaseUrl"),
    runId,
    topicPrefix: (label) => `lwtest.${unique(label)}.`,
    topics(label) {
      const prefix = `lwtest.${unique(label)}.`;
      return { ...topicNames(prefix), prefix };
    },
    groupId: (label) => `lwtest-${unique(label)}`,
    sasl() {
      const saslEnv = inject("kafkaSasl");
      if (!saslEnv)
        throw new Error(
          "this test needs the local stack's SASL_SSL listener (run without KAFKA_BROKERS and Docker)",
        );
      const { brokers, security } = kafkaConnection(readConfig(baseEnvShape, saslEnv));
      return { env: saslEnv, brokers, security };
    },
  };
}
