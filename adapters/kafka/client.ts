/**
 * The kafkajs client factory and a reachability check. Everything else that talks to Kafka
 * gets a client from here, so connection settings live in one place.
 */
import { Kafka, logLevel } from "kafkajs";
import { ServiceUnavailableError } from "../../core/errors";

export interface KafkaOptions {
  brokers: string[];
  clientId?: string;
  /** Per-connection timeout in ms. Default 3000. */
  connectionTimeout?: number;
  /** kafkajs retries for a request. Default 5. */
  retries?: number;
}

/** Creates a kafkajs client with quiet logging. */
export function createKafka({
  brokers,
  clientId = "launchwatch",
  connectionTimeout = 3000,
  retries = 5,
}: KafkaOptions): Kafka {
  process.env.KAFKAJS_NO_PARTITIONER_WARNING = "1";
  return new Kafka({
    brokers,
    clientId,
    connectionTimeout,
    requestTimeout: 30_000,
    logLevel: logLevel.NOTHING,
    retry: { retries, initialRetryTime: 200, maxRetryTime: 2000 },
  });
}

/**
 * Resolves once an admin client can list topics, or throws {@link ServiceUnavailableError}
 * after `timeoutMs` (default 15 s). `setting` names the variable to fix in the message.
 */
export async function waitForKafka(
  brokers: string[],
  { timeoutMs = 15_000, setting = "KAFKA_BROKERS" }: { timeoutMs?: number; setting?: string } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    const admin = createKafka({ brokers, connectionTimeout: 2000, retries: 0 }).admin();
    try {
      await admin.connect();
      await admin.listTopics();
      return;
    } catch (err) {
      last = err;
      await new Promise((r) => setTimeout(r, 500));
    } finally {
      await admin.disconnect().catch(() => {});
    }
  }
  throw new ServiceUnavailableError(
    "kafka",
    `Kafka did not answer at ${brokers.join(",")} within ${Math.round(timeoutMs / 1000)} s ` +
      `(${last instanceof Error ? last.message : String(last)}). Check ${setting}, or unset it to use the local broker.`,
    { cause: last },
  );
}
