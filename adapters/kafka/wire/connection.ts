/**
 * One TCP connection to a broker: writes whole request frames, splits the byte stream into
 * response frames (int32 size prefix) and matches them to requests by correlation id. Kafka
 * answers a connection's requests in order, so several may be in flight.
 */
import net from "node:net";
import { KafkaConnectionError } from "./errors";

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
  close(): Promise<void>;
}

interface Pending {
  resolve(body: Buffer): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

/** Opens a connection to `host:port`; resolves once connected. */
export function connectBroker({
  host,
  port,
  connectTimeoutMs = 3000,
  requestTimeoutMs = 30_000,
}: {
  host: string;
  port: number;
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
}): Promise<BrokerConnection> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port, noDelay: true });
    const pending = new Map<number, Pending>();
    let correlation = 0;
    let closed = false;
    let buffered: Buffer | null = null;

    const fail = (err: Error) => {
      if (closed) return;
      closed = true;
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
          fail(new KafkaConnectionError(`${host}:${port}: response frame of ${size} bytes`));
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
          fail(new KafkaConnectionError(`${host}:${port}: response to unknown correlation id ${id}`));
          return;
        }
        pending.delete(id);
        clearTimeout(p.timer);
        p.resolve(body);
      }
      if (pos < data.length) {
        buffered = data.subarray(pos);
        parts = [buffered];
        partsBytes = buffered.length;
      }
    };

    const connectTimer = setTimeout(() => {
      const err = new KafkaConnectionError(`${host}:${port}: no connection within ${connectTimeoutMs} ms`);
      fail(err);
      reject(err);
    }, connectTimeoutMs);

    socket.once("connect", () => {
      clearTimeout(connectTimer);
      resolve(connection);
    });
    socket.on("data", onData);
    socket.on("error", (cause) => {
      clearTimeout(connectTimer);
      const err = new KafkaConnectionError(`${host}:${port}: ${cause.message}`, { cause });
      fail(err);
      reject(err);
    });
    socket.on("close", () => fail(new KafkaConnectionError(`${host}:${port}: connection closed`)));

    const connection: BrokerConnection = {
      nextCorrelationId: () => (correlation = (correlation + 1) & 0x7fffffff),
      request(frame, correlationId) {
        if (closed) return Promise.reject(new KafkaConnectionError(`${host}:${port}: connection closed`));
        return new Promise<Buffer>((res, rej) => {
          const timer = setTimeout(
            () => fail(new KafkaConnectionError(`${host}:${port}: no answer within ${requestTimeoutMs} ms`)),
            requestTimeoutMs,
          );
          pending.set(correlationId, { resolve: res, reject: rej, timer });
          socket.write(frame);
        });
      },
      get closed() {
        return closed;
      },
      close() {
        if (closed) return Promise.resolve();
        return new Promise<void>((res) => {
          socket.once("close", () => res());
          fail(new KafkaConnectionError(`${host}:${port}: connection closed by the producer`));
        });
      },
    };
  });
}
