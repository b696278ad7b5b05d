/**
 * Errors of the fast producer, on the project's {@link LaunchwatchError} (a `retriable` flag
 * and a cause). Kafka's error codes keep the names and retriability of Kafka's own `Errors`
 * enum for the codes a Produce response can carry; any other code is not retriable.
 */
import { LaunchwatchError } from "../../../core/errors";

/** code -> [name, retriable] */
const codes: Record<number, [string, boolean]> = {
  [-1]: ["UNKNOWN_SERVER_ERROR", false],
  1: ["OFFSET_OUT_OF_RANGE", false],
  2: ["CORRUPT_MESSAGE", true],
  3: ["UNKNOWN_TOPIC_OR_PARTITION", true],
  5: ["LEADER_NOT_AVAILABLE", true],
  6: ["NOT_LEADER_OR_FOLLOWER", true],
  7: ["REQUEST_TIMED_OUT", true],
  10: ["MESSAGE_TOO_LARGE", false],
  13: ["NETWORK_EXCEPTION", true],
  18: ["RECORD_LIST_TOO_LARGE", false],
  19: ["NOT_ENOUGH_REPLICAS", true],
  20: ["NOT_ENOUGH_REPLICAS_AFTER_APPEND", true],
  21: ["INVALID_REQUIRED_ACKS", false],
  29: ["TOPIC_AUTHORIZATION_FAILED", false],
  35: ["UNSUPPORTED_VERSION", false],
  42: ["INVALID_REQUEST", false],
  43: ["UNSUPPORTED_FOR_MESSAGE_FORMAT", false],
  56: ["KAFKA_STORAGE_ERROR", true],
  74: ["FENCED_LEADER_EPOCH", true],
  75: ["UNKNOWN_LEADER_EPOCH", true],
  87: ["INVALID_RECORD", false],
};

/** Kafka's name for an error code (`ERROR_<code>` when unknown here). */
export function kafkaErrorName(code: number): string {
  return codes[code]?.[0] ?? `ERROR_${code}`;
}

/** Whether Kafka deems the error code retriable. */
export function isRetriableCode(code: number): boolean {
  return codes[code]?.[1] ?? false;
}

/** A partition of a Produce request failed at the broker; nothing of that batch was written. */
export class KafkaProduceError extends LaunchwatchError {
  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly code: number,
    options: { attempts?: number; cause?: unknown } = {},
  ) {
    super(
      `produce to ${topic}[${partition}] failed: ${kafkaErrorName(code)} (${code})` +
        (options.attempts && options.attempts > 1 ? ` after ${options.attempts} attempts` : ""),
      { retriable: isRetriableCode(code), cause: options.cause },
    );
  }
}

/** The connection to a broker failed or a request got no answer in time. */
export class KafkaConnectionError extends LaunchwatchError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { retriable: true, cause: options.cause });
  }
}

/**
 * A connection could not be secured or authenticated: wrong credentials, a mechanism the broker
 * does not enable, a certificate that does not verify, TLS against a plaintext port. Retrying
 * cannot help; `setting` names what to fix. The message never holds a secret.
 */
export class KafkaAuthenticationError extends LaunchwatchError {
  constructor(
    message: string,
    readonly setting: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, { retriable: false, cause: options.cause });
  }
}

/** Node's codes for a peer certificate that does not verify (wrong CA, wrong name, expired). */
export const certificateErrorCodes: ReadonlySet<string> = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "CERT_SIGNATURE_FAILURE",
  "CERT_UNTRUSTED",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

/** The message of a certificate failure, naming what to set. */
export function certificateFailureMessage(address: string, code: string): string {
  return (
    `${address}: the broker's TLS certificate does not verify (${code}): ` +
    "set KAFKA_SSL_CA_FILE to the CA that signed it (or KAFKA_SSL_REJECT_UNAUTHORIZED=false to skip the check)"
  );
}

/** A record batch could not be decompressed: unknown codec, corrupt data, or past the size limit. */
export class KafkaCodecError extends LaunchwatchError {
  constructor(
    readonly codec: string,
    message: string,
    /** The batch would inflate past the configured maximum. */
    readonly overLimit: boolean,
    cause?: unknown,
  ) {
    super(message, { retriable: false, cause });
  }
}
