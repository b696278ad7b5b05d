/**
 * Where the integration tests find Kafka and Postgres, in this order:
 * 1. `KAFKA_BROKERS` / `DATABASE_URL` when given;
 * 2. testcontainers (`@testcontainers/kafka`, `@testcontainers/postgresql`) when a Docker engine answers;
 * 3. the local stack (`npm run stack -- up`): a local Kafka broker and the Postgres on 127.0.0.1.
 *
 * With the local stack, tests of the secured path also get its SASL_SSL listener's settings.
 */
import fs from "node:fs";
import { baseEnvShape, readConfig } from "../../config/env";
import { localKafkaSaslClient } from "../../scripts/stack/kafka-local";
import { stackPaths } from "../../scripts/stack/paths";
import { ensureDatabase } from "../../scripts/stack/postgres";
import { kafkaUp } from "../../scripts/stack/stack";

export interface ResolvedServices {
  brokers: string[];
  /** A server URL; the setup creates a fresh database on it for each run. */
  postgresUrl: string;
  source: { kafka: string; postgres: string };
  /** Client settings of the local broker's SASL_SSL listener (null: not the local stack). */
  kafkaSasl: Record<string, string> | null;
  stop(): Promise<void>;
}

async function dockerAnswers(): Promise<boolean> {
  if (!process.env.DOCKER_HOST && !fs.existsSync("/var/run/docker.sock")) return false;
  try {
    const { getContainerRuntimeClient } = await import("testcontainers");
    await Promise.race([
      getContainerRuntimeClient(),
      new Promise((_, reject) => setTimeout(() => reject(new Error("docker timeout")), 10_000)),
    ]);
    return true;
  } catch {
    return false;
  }
}

export async function resolveServices(log: (line: string) => void): Promise<ResolvedServices> {
  const env = readConfig(baseEnvShape);
  const stops: Array<() => Promise<unknown>> = [];
  const docker = !env.KAFKA_BROKERS || !process.env.DATABASE_URL ? await dockerAnswers() : false;

  let brokers: string[];
  let kafkaSource: string;
  let kafkaSasl: Record<string, string> | null = null;
  if (env.KAFKA_BROKERS) {
    brokers = (await kafkaUp(env)).brokers;
    kafkaSource = "KAFKA_BROKERS";
  } else if (docker) {
    const { KafkaContainer } = await import("@testcontainers/kafka");
    const kafka = await new KafkaContainer("apache/kafka:4.1.1").withKraft().start();
    stops.push(() => kafka.stop());
    brokers = [`${kafka.getHost()}:${kafka.getMappedPort(9093)}`];
    kafkaSource = "testcontainers";
  } else {
    brokers = (await kafkaUp(env, log)).brokers;
    kafkaSource = "local stack";
    kafkaSasl = localKafkaSaslClient(stackPaths(env.LAUNCHWATCH_HOME), env.LW_KAFKA_PORT);
  }

  let postgresUrl: string;
  let pgSource: string;
  if (process.env.DATABASE_URL) {
    postgresUrl = env.DATABASE_URL;
    pgSource = "DATABASE_URL";
  } else if (docker) {
    const { PostgreSqlContainer } = await import("@testcontainers/postgresql");
    const pg = await new PostgreSqlContainer("postgres:16-alpine").start();
    stops.push(() => pg.stop());
    postgresUrl = pg.getConnectionUri();
    pgSource = "testcontainers";
  } else {
    postgresUrl = env.DATABASE_URL;
    pgSource = "local";
  }
  await ensureDatabase(postgresUrl);
  return {
    brokers,
    postgresUrl,
    source: { kafka: kafkaSource, postgres: pgSource },
    kafkaSasl,
    stop: async () => {
      for (const s of stops) await s();
    },
  };
}
