/**
 * One connection to a broker: writes whole request frames, splits the byte stream into
 * response frames (int32 size prefix) and matches them to requests by correlation id. Kafka
 * answers a connection's requests in order, so several may be in flight.
 *
 * Secured as the process's {@link KafkaSecurity} says: TLS (node:tls) for SSL and SASL_SSL,
 * SASL (sasl.ts) for SASL_PLAINTEXT and SASL_SSL before the connection is handed out, and again
 * before the session lifetime the broker gave ends (KIP-368): new requests wait meanwhile and
 * the ones in flight are answered first, as the broker wants no other request in between.
 */
import net from "node:net";
import tls from "node:tls";
import { type KafkaSecurity, plaintext, tlsOptions } from "../security";
import {
  certificateErrorCodes,
  certificateFailureMessage,
  KafkaAuthenticationError,
  KafkaConnectionError,
} from "./errors";
import { saslAuthenticate } from "./sasl";

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

/** A socket error during the TLS handshake, as the setting to fix; null when it is not one. */
function tlsFailure(
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

interface Pending {
  resolve(body: Buffer): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
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
    const pending = new Map<number, Pending>();
    let authentications = 0;
    /** Set while (re-)authenticating: requests wait for it. */
    let gate: Promise<void> | null = null;
    let reauthTimer: NodeJS.Timeout | null = null;
    /** Resolves when no request is in flight (re-authentication waits for it). */
    let drained: (() => void) | null = null;
    let correlation = 0;
    let closed = false;
    let buffered: Buffer | null = null;

    const fail = (err: Error) => {
      if (closed) return;
      closed = true;
      if (reauthTimer) clearTimeout(reauthTimer);
      // A re-authentication waiting for the requests in flight: they are failed below, so it
      // must not wait on (and hold back the requests queued behind it) forever.
      drained?.();
      socket.destroy();
      for (const p of pending.values()) {
        clearTimeout(p.timer);
        p.reject(err);
      }
      pending.clear();
    };

    // Chunks of a frame not complete yet: joined once the whole frame is here (a fetch response
    // may be megabytes arriving in 64 KiB chunks; joining on every chunk would be quadratic).
    let parts: Buffer[] = [];
    let partsBytes = 0;
    /** Size of the frame being waited for, size prefix included (0: not known yet). */
    let needed = 0;

    const onData = (chunk: Buffer) => {
      if (buffered) {
        parts.push(chunk);
        partsBytes += chunk.length;
        if (needed === 0 && partsBytes >= 4) {
          const head = parts.length > 1 && parts[0]!.length < 4 ? Buffer.concat(parts) : parts[0]!;
          needed = 4 + head.readInt32BE(0);
        }
        if (partsBytes < Math.max(needed, 4)) return;
        chunk = Buffer.concat(parts, partsBytes);
        parts = [];
        partsBytes = 0;
        buffered = null;
      }
      needed = 0;
      const data = chunk;
      let pos = 0;
      while (data.length - pos >= 4) {
        const size = data.readInt32BE(pos);
        if (size < 4) {
          fail(new KafkaConnectionError(`${address}: response frame of ${size} bytes`));
          return;
        }
        if (data.length - pos - 4 < size) {
          needed = 4 + size;
          break;
        }
        const id = data.readInt32BE(pos + 4);
        const body = data.subarray(pos + 8, pos + 4 + size);
        pos += 4 + size;
        const p = pending.get(id);
        if (!p) {
          fail(new KafkaConnectionError(`${address}: response to unknown correlation id ${id}`));
          return;
        }
        pending.delete(id);
        clearTimeout(p.timer);
        p.resolve(body);
        if (pending.size === 0 && drained) drained();
      }
      if (pos < data.length) {
        buffered = data.subarray(pos);
        parts = [buffered];
        partsBytes = buffered.length;
      }
    };

    const connectTimer = setTimeout(() => {
      const err = new KafkaConnectionError(
        `${address}: no ${security.protocol === "PLAINTEXT" ? "connection" : `${security.protocol} session`} within ${connectTimeoutMs} ms`,
      );
      fail(err);
      reject(err);
    }, connectTimeoutMs);

    const send = (frame: Buffer, correlationId: number) => {
      if (closed) return Promise.reject(new KafkaConnectionError(`${address}: connection closed`));
      return new Promise<Buffer>((res, rej) => {
        const timer = setTimeout(
          () => fail(new KafkaConnectionError(`${address}: no answer within ${requestTimeoutMs} ms`)),
          requestTimeoutMs,
        );
        pending.set(correlationId, { resolve: res, reject: rej, timer });
        socket.write(frame);
      });
    };

    const authenticate = async () => {
      const sasl = security.sasl;
      if (!sasl) return;
      const lifetimeMs = await saslAuthenticate({
        request: send,
        nextCorrelationId: () => connection.nextCorrelationId(),
        sasl,
        clientId,
        address,
      });
      authentications++;
      if (lifetimeMs > 0 && !closed) {
        reauthTimer = setTimeout(reauthenticate, Math.max(1, Math.floor(lifetimeMs * reauthAt)));
        reauthTimer.unref();
      }
    };

    const reauthenticate = () => {
      reauthTimer = null;
      gate = (async () => {
        if (pending.size > 0) await new Promise<void>((r) => (drained = r));
        drained = null;
        if (closed) return;
        await authenticate();
      })()
        .catch((err: unknown) => fail(err instanceof Error ? err : new Error(String(err))))
        .finally(() => {
          gate = null;
        });
    };

    /** TLS handshake done (or no TLS). */
    let secured = !security.tls;
    let tcpConnected = false;
    if (security.tls) socket.once("connect", () => (tcpConnected = true));
    const onSecure = () => {
      secured = true;
      authenticate().then(
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
    socket.on("data", onData);
    socket.on("error", (cause: Error & { code?: string }) => {
      clearTimeout(connectTimer);
      const err =
        (!secured && tlsFailure(cause, address, tcpConnected)) ||
        new KafkaConnectionError(`${address}: ${cause.message}`, { cause });
      fail(err);
      reject(err);
    });
    socket.on("close", () => {
      const err =
        security.sasl && authentications === 0
          ? new KafkaAuthenticationError(
              `${address}: the broker closed the connection during SASL authentication: is it a SASL listener?`,
              "KAFKA_SECURITY_PROTOCOL",
            )
          : new KafkaConnectionError(`${address}: connection closed`);
      fail(err);
      reject(err);
    });

    const connection: BrokerConnection = {
      nextCorrelationId: () => (correlation = (correlation + 1) & 0x7fffffff),
      request(frame, correlationId) {
        if (gate) return gate.then(() => send(frame, correlationId));
        return send(frame, correlationId);
      },
      get closed() {
        return closed;
      },
      get authentications() {
        return authentications;
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
