/**
 * The stack manager behind `npm run stack`, `npm run demo` and the test setup: resolves where
 * Kafka and Postgres are (configured, or local), makes them ready, migrates and creates topics.
 */
import { createKafka, waitForKafka } from "../../adapters/kafka/client";
import type { KafkaSecurity } from "../../adapters/kafka/security";
import { ensureTopics, topicNames } from "../../adapters/kafka/topics";
import { type BaseEnv, kafkaConnection } from "../../config/env";
import { localKafkaSaslClient, localKafkaStatus, startLocalKafka, stopLocalKafka } from "./kafka-local";
import { migrateDeploy } from "./migrate";
import { stackPaths } from "./paths";
import { ensureDatabase } from "./postgres";

export interface StackEndpoints {
  brokers: string[];
  databaseUrl: string;
  /** True when this call started the local broker (false: reused or external). */
  startedKafka: boolean;
}

type Log = (line: string) => void;

/**
 * Kafka: `KAFKA_BROKERS` when set (checked, never started), otherwise the local broker (then
 * reached on its SASL_SSL listener when `KAFKA_SECURITY_PROTOCOL` says SASL_SSL).
 */
export async function kafkaUp(
  env: BaseEnv,
  log: Log = () => {},
): Promise<{ brokers: string[]; security: KafkaSecurity; started: boolean }> {
  const { brokers, brokersSetting, security } = kafkaConnection(env);
  if (env.KAFKA_BROKERS) {
    await waitForKafka(brokers, { timeoutMs: 15_000, setting: brokersSetting, security });
    return { brokers, security, started: false };
  }
  const local = await startLocalKafka({
    paths: stackPaths(env.LAUNCHWATCH_HOME),
    port: env.LW_KAFKA_PORT,
    log,
  });
  if (security.protocol !== "PLAINTEXT")
    await waitForKafka(brokers, { timeoutMs: 15_000, setting: "KAFKA_SECURITY_PROTOCOL", security });
  return { brokers, security, started: local.started };
}

/** Brings everything up: Kafka, Postgres with the database and migrations, topics. */
export async function stackUp(env: BaseEnv, log: Log = () => {}): Promise<StackEndpoints> {
  // Both services at once: a wrong setting for either fails fast, whichever it is.
  const [, kafka] = await Promise.all([
    ensureDatabase(env.DATABASE_URL, { timeoutMs: 15_000 }).then(() => migrateDeploy(env.DATABASE_URL)),
    kafkaUp(env, log),
  ]);
  log(`postgres ready: ${redact(env.DATABASE_URL)}`);
  const admin = createKafka({ brokers: kafka.brokers, security: kafka.security }).admin();
  await admin.connect();
  try {
    const created = await ensureTopics(admin, topicNames(env.LW_TOPIC_PREFIX), env.LW_PARTITIONS);
    if (created.length) log(`created topics: ${created.join(", ")}`);
  } finally {
    await admin.disconnect();
  }
  log(`kafka ready: ${kafka.brokers.join(",")}${kafka.started ? " (started)" : ""}`);
  return { brokers: kafka.brokers, databaseUrl: env.DATABASE_URL, startedKafka: kafka.started };
}

/** Stops what the stack started (the local broker). External services are left alone. */
export async function stackDown(env: BaseEnv, log: Log = () => {}): Promise<void> {
  const stopped = await stopLocalKafka({ paths: stackPaths(env.LAUNCHWATCH_HOME), port: env.LW_KAFKA_PORT });
  log(stopped ? "kafka stopped" : "kafka was not running");
}

/** One line per service. */
export function stackStatus(env: BaseEnv): string[] {
  const paths = stackPaths(env.LAUNCHWATCH_HOME);
  const lines = [];
  if (env.KAFKA_BROKERS) lines.push(`kafka: external ${env.KAFKA_BROKERS.join(",")} (KAFKA_BROKERS)`);
  else {
    const s = localKafkaStatus({ paths, port: env.LW_KAFKA_PORT });
    lines.push(s.running ? `kafka: running, pid ${s.pid}, ${s.brokers.join(",")}` : "kafka: stopped");
    const sasl = localKafkaSaslClient(paths, env.LW_KAFKA_PORT);
    lines.push(
      `kafka SASL_SSL listener: ${Object.entries(sasl)
        .map(([k, v]) => `${k}=${v}`)
        .join(" ")}`,
    );
  }
  lines.push(`postgres: ${redact(env.DATABASE_URL)}`);
  lines.push(`data: ${paths.home}`);
  return lines;
}

/** Hides a password in a connection URL for logs. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparseable URL)";
  }
}
