/** What an integration test gets from the global setup, plus per-test unique names. */
import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import { type TopicNames, topicNames } from "../../adapters/kafka/topics";

export interface TestEnv {
  brokers: string[];
  databaseUrl: string;
  runId: string;
  /** A topic prefix no other test or run uses: `lwtest.<run>.<label>.<random>.` */
  topicPrefix(label: string): string;
  topics(label: string): TopicNames & { prefix: string };
  /** A consumer group id unique to this run. */
  groupId(label: string): string;
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
  };
}
