/**
 * The kafkajs client factory and a reachability check. Everything else that talks to Kafka
 * gets a client from here, so connection settings live in one place: the fast clients take
 * the security of the kafkajs client they work beside ({@link kafkaSecurityOf}), so no path can
 * connect differently from the rest of its process.
 */
import { Kafka, logLevel } from "kafkajs";
import { ConfigError, ServiceUnavailableError } from "../../core/errors";
import { ensureKafkajsCodecs } from "./codecs/kafkajs-codecs";
import { type KafkaSecurity, kafkajsSecurity, plaintext } from "./security";
import { certificateErrorCodes, certificateFailureMessage, KafkaAuthenticationError } from "./wire/errors";

export interface KafkaOptions {
  brokers: string[];
  clientId?: string;
  /** TLS and SASL of every connection. Default PLAINTEXT. */
  security?: KafkaSecurity;
  /** Per-connection timeout in ms. Default 3000 (10,000 with TLS or SASL). */
  connectionTimeout?: number;
  /** kafkajs retries for a request. Default 5. */
  retries?: number;
}

const securityOf = new WeakMap<Kafka, KafkaSecurity>();

/** The security a client from {@link createKafka} was made with. */
export function kafkaSecurityOf(kafka: Kafka): KafkaSecurity {
  return securityOf.get(kafka) ?? plaintext;
}

/** Creates a kafkajs client with quiet logging; every record-batch codec is registered with kafkajs. */
export function createKafka({
  brokers,
  clientId = "launchwatch",
  security = plaintext,
  connectionTimeout = security.protocol === "PLAINTEXT" ? 3000 : 10_000,
  retries = 5,
}: KafkaOptions): Kafka {
  process.env.KAFKAJS_NO_PARTITIONER_WARNING = "1";
  ensureKafkajsCodecs();
  const kafka = new Kafka({
    brokers,
    clientId,
    connectionTimeout,
    authenticationTimeout: 10_000,
    requestTimeout: 30_000,
    logLevel: logLevel.NOTHING,
    retry: { retries, initialRetryTime: 200, maxRetryTime: 2000 },
    ...kafkajsSecurity(security),
  });
  securityOf.set(kafka, security);
  return kafka;
}

/**
 * A kafkajs or fast-client failure that retrying cannot mend (credentials, mechanism,
 * certificate), as the setting to fix; null for anything else.
 */
export function kafkaSecurityFailure(err: unknown, address = "kafka"): ConfigError | null {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof KafkaAuthenticationError) return new ConfigError(e.setting, e.message);
    if (e.name === "KafkaJSSASLAuthenticationError")
      return /mechanism is not supported/.test(e.message)
        ? new ConfigError("KAFKA_SASL_MECHANISM", `${address}: ${e.message}`)
        : new ConfigError(
            "KAFKA_SASL_PASSWORD",
            `${address}: ${e.message} (check KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD)`,
          );
    const type = (e as Error & { type?: unknown }).type;
    if (type === "UNSUPPORTED_SASL_MECHANISM")
      return new ConfigError("KAFKA_SASL_MECHANISM", `${address}: ${e.message}`);
    if (type === "ILLEGAL_SASL_STATE")
      return new ConfigError("KAFKA_SECURITY_PROTOCOL", `${address}: ${e.message}: is it a SASL listener?`);
    const code = (e as Error & { code?: unknown }).code;
    if (typeof code === "string" && certificateErrorCodes.has(code))
      return new ConfigError("KAFKA_SSL_CA_FILE", certificateFailureMessage(address, code));
  }
  return null;
}

/**
 * Resolves once an admin client can list topics, or throws {@link ServiceUnavailableError}
 * after `timeoutMs` (default 15 s). `setting` names the variable to fix in the message.
 * Credentials, mechanism or certificate refused: throws the {@link ConfigError} at once.
 */
export async function waitForKafka(
  brokers: string[],
  {
    timeoutMs = 15_000,
    setting = "KAFKA_BROKERS",
    security = plaintext,
  }: { timeoutMs?: number; setting?: string; security?: KafkaSecurity } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    const admin = createKafka({ brokers, security, connectionTimeout: 5000, retries: 0 }).admin();
    try {
      await admin.connect();
      await admin.listTopics();
      return;
    } catch (err) {
      const fatal = kafkaSecurityFailure(err, brokers.join(","));
      if (fatal) throw fatal;
      last = err;
      await new Promise((r) => setTimeout(r, 500));
    } finally {
      await admin.disconnect().catch(() => {});
    }
  }
  throw new ServiceUnavailableError(
    "kafka",
    `Kafka did not answer at ${brokers.join(",")} within ${Math.round(timeoutMs / 1000)} s ` +
      `(${last instanceof Error ? last.message : String(last)}). Check ${setting}` +
      (security.protocol === "PLAINTEXT"
        ? ", or unset it to use the local broker."
        : ` and KAFKA_SECURITY_PROTOCOL (${security.protocol}).`),
    { cause: last },
  );
}
