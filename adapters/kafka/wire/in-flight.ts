/**
 * The requests of one connection waiting for their answer, by correlation id. Kafka answers a
 * connection's requests in order, but matching by id catches a broker (or a bug) that does not.
 */
import { KafkaConnectionError } from "./errors";

interface Pending {
  resolve(body: Buffer): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

export interface InFlight {
  /** Writes `frame` and resolves with the answer's body; `fail`s the connection when none comes in time. */
  send(frame: Buffer, correlationId: number): Promise<Buffer>;
  /** Settles the request `id` answers; false (and the connection failed) when none has that id. */
  answer(id: number, body: Buffer): boolean;
  /** How many requests wait for an answer. */
  readonly size: number;
  /** Resolves once none is in flight, or the connection fails. */
  idle(): Promise<void>;
  /** Rejects every request in flight with `err`, and lets an `idle` waiter go on. */
  rejectAll(err: Error): void;
}

export function createInFlight({
  address,
  requestTimeoutMs,
  write,
  fail,
}: {
  /** host:port, for messages. */
  address: string;
  requestTimeoutMs: number;
  write(frame: Buffer): void;
  fail(err: Error): void;
}): InFlight {
  const pending = new Map<number, Pending>();
  /** Resolves the `idle` waiter (re-authentication waits for the requests in flight). */
  let drained: (() => void) | null = null;

  return {
    send(frame, correlationId) {
      return new Promise<Buffer>((resolve, reject) => {
        const timer = setTimeout(
          () => fail(new KafkaConnectionError(`${address}: no answer within ${requestTimeoutMs} ms`)),
          requestTimeoutMs,
        );
        pending.set(correlationId, { resolve, reject, timer });
        write(frame);
      });
    },
    answer(id, body) {
      const p = pending.get(id);
      if (!p) {
        fail(new KafkaConnectionError(`${address}: response to unknown correlation id ${id}`));
        return false;
      }
      pending.delete(id);
      clearTimeout(p.timer);
      p.resolve(body);
      if (pending.size === 0 && drained) drained();
      return true;
    },
    get size() {
      return pending.size;
    },
    idle() {
      if (pending.size === 0) return Promise.resolve();
      return new Promise<void>((r) => {
        drained = () => {
          drained = null;
          r();
        };
      });
    },
    rejectAll(err) {
      // A re-authentication waiting for the requests in flight: they are failed below, so it
      // must not wait on (and hold back the requests queued behind it) forever.
      drained?.();
      for (const p of pending.values()) {
        clearTimeout(p.timer);
        p.reject(err);
      }
      pending.clear();
    },
  };
}
