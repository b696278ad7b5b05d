/**
 * One connection to a broker: writes whole request frames, splits the byte stream into
 * response frames (frame-reader.ts) and matches them to requests by correlation id
 * (in-flight.ts). Kafka answers a connection's requests in order, so several may be in flight.
 *
 * Secured as the process's {@link KafkaSecurity} says: TLS (node:tls) for SSL and SASL_SSL,
 * SASL (sasl-session.ts) for SASL_PLAINTEXT and SASL_SSL before the connection is handed out, and
 * again before the session lifetime the broker gave ends (KIP-368): new requests wait meanwhile
 * and the ones in flight are answered first, as the broker wants no other request in between.
 * This module only wires those parts to the socket.
 */
import net from "node:net";
import tls from "node:tls";
import { type KafkaSecurity, plaintext, tlsOptions } from "../security";
import { closedError, connectTimeoutError, tlsFailure } from "./connect-failure";
import { KafkaConnectionError } from "./errors";
import { createFrameReader } from "./frame-reader";
import { createInFlight } from "./in-flight";
import { createSaslSession } from "./sasl-session";

export interface BrokerConnection {
  /** Next correlation id for a request on this connection. */
  nextCorrelationId(): number;
  /**
   * Writes `frame` (size prefix included, correlation id at byte 8) and resolves with the
   * response body after the correlation id. Rejects with a retriable {@link KafkaConnectionError}
   * when the connection fails or no answer comes within the request timeout.
   */
  request(frame: Buffer, correlationId: number): Promise<Buffer>;
  readonly closed: boolean;
  /** SASL authentications done on this connection (1 + re-authentications); 0 without SASL. */
  readonly authentications: number;
  close(): Promise<void>;
}

export interface ConnectOptions {
  host: string;
  port: number;
  /** Until the connection is secured and authenticated, default 3000 ms (10,000 ms with TLS or SASL). */
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** Default PLAINTEXT. */
  security?: KafkaSecurity;
  /** Client id of the SASL requests. Default `launchwatch`. */
  clientId?: string;
  /** Share of the broker's session lifetime after which to re-authenticate, default 0.85 (Kafka's client: 0.85-0.95). */
  reauthAt?: number;
}

/** Opens a connection to `host:port`; resolves once connected (and authenticated). */
export function connectBroker({
  host,
  port,
  security = plaintext,
  connectTimeoutMs = security.protocol === "PLAINTEXT" ? 3000 : 10_000,
  requestTimeoutMs = 30_000,
  clientId = "launchwatch",
  reauthAt = 0.85,
}: ConnectOptions): Promise<BrokerConnection> {
  return new Promise((resolve, reject) => {
    const address = `${host}:${port}`;
    const socket = security.tls
      ? tls.connect({ host, port, ...tlsOptions(security.tls, host) }).setNoDelay(true)
      : net.connect({ host, port, noDelay: true });
    let correlation = 0;
    let closed = false;

    const fail = (err: Error) => {
      if (closed) return;
      closed = true;
      session.stop();
      socket.destroy();
      requests.rejectAll(err);
    };
    const requests = createInFlight({
      address,
      requestTimeoutMs,
      write: (frame) => socket.write(frame),
      fail,
    });
    const send = (frame: Buffer, correlationId: number) => {
      if (closed) return Promise.reject(new KafkaConnectionError(`${address}: connection closed`));
      return requests.send(frame, correlationId);
    };
    const nextCorrelationId = () => (correlation = (correlation + 1) & 0x7fffffff);
    const session = createSaslSession(
      { sasl: security.sasl, clientId, address, reauthAt },
      { send, nextCorrelationId, requests, closed: () => closed, fail },
    );

    const connectTimer = setTimeout(() => {
      const err = connectTimeoutError(address, security, connectTimeoutMs);
      fail(err);
      reject(err);
    }, connectTimeoutMs);

    /** TLS handshake done (or no TLS). */
    let secured = !security.tls;
    let tcpConnected = false;
    if (security.tls) socket.once("connect", () => (tcpConnected = true));
    const onSecure = () => {
      secured = true;
      session.authenticate().then(
        () => {
          clearTimeout(connectTimer);
          resolve(connection);
        },
        (err: unknown) => {
          clearTimeout(connectTimer);
          const e = err instanceof Error ? err : new Error(String(err));
          fail(e);
          reject(e);
        },
      );
    };
    socket.once(security.tls ? "secureConnect" : "connect", onSecure);
    socket.on("data", createFrameReader(address, requests.answer, fail));
    socket.on("error", (cause: Error & { code?: string }) => {
      clearTimeout(connectTimer);
      const err =
        (!secured && tlsFailure(cause, address, tcpConnected)) ||
        new KafkaConnectionError(`${address}: ${cause.message}`, { cause });
      fail(err);
      reject(err);
    });
    socket.on("close", () => {
      const err = closedError(address, security, session.authentications);
      fail(err);
      reject(err);
    });

    const connection: BrokerConnection = {
      nextCorrelationId,
      request(frame, correlationId) {
        const gate = session.gate;
        if (gate) return gate.then(() => send(frame, correlationId));
        return send(frame, correlationId);
      },
      get closed() {
        return closed;
      },
      get authentications() {
        return session.authentications;
      },
      close() {
        if (closed) return Promise.resolve();
        return new Promise<void>((res) => {
          socket.once("close", () => res());
          fail(new KafkaConnectionError(`${address}: connection closed by the client`));
        });
      },
    };
  });
}
