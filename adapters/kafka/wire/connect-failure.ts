/**
 * What a connection's failure means, as the setting to fix where there is one: a socket error
 * during the TLS handshake, or the broker closing the connection before SASL was done.
 */
import type { KafkaSecurity } from "../security";
import {
  certificateErrorCodes,
  certificateFailureMessage,
  KafkaAuthenticationError,
  KafkaConnectionError,
} from "./errors";

/** A socket error during the TLS handshake, as the setting to fix; null when it is not one. */
export function tlsFailure(
  cause: Error & { code?: string },
  address: string,
  /** The socket had connected: a failure now is the handshake's. */
  handshaking: boolean,
): KafkaAuthenticationError | null {
  if (cause.code && certificateErrorCodes.has(cause.code))
    return new KafkaAuthenticationError(certificateFailureMessage(address, cause.code), "KAFKA_SSL_CA_FILE", {
      cause,
    });
  if (
    cause.code?.startsWith("ERR_SSL_") ||
    /wrong version number|packet length too long|before secure TLS connection/.test(cause.message) ||
    (handshaking && cause.code === "ECONNRESET")
  )
    return new KafkaAuthenticationError(
      `${address}: no TLS handshake (${cause.code ?? cause.message}): is this a TLS listener?`,
      "KAFKA_SECURITY_PROTOCOL",
      { cause },
    );
  return null;
}

/** The broker closed the connection: before the first SASL authentication, a wrong listener. */
export function closedError(
  address: string,
  security: KafkaSecurity,
  authentications: number,
): KafkaAuthenticationError | KafkaConnectionError {
  return security.sasl && authentications === 0
    ? new KafkaAuthenticationError(
        `${address}: the broker closed the connection during SASL authentication: is it a SASL listener?`,
        "KAFKA_SECURITY_PROTOCOL",
      )
    : new KafkaConnectionError(`${address}: connection closed`);
}

/** Nothing connected (PLAINTEXT), or no secured session, within the connect timeout. */
export function connectTimeoutError(address: string, security: KafkaSecurity, connectTimeoutMs: number) {
  return new KafkaConnectionError(
    `${address}: no ${security.protocol === "PLAINTEXT" ? "connection" : `${security.protocol} session`} within ${connectTimeoutMs} ms`,
  );
}
