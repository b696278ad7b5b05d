/**
 * The notifier's writes to Postgres go through one queue, in order, each retried until it
 * succeeds (or the notifier stops): history and notifications must not be lost to a database
 * hiccup, and callers wait for theirs.
 */
import type { Logger } from "../../adapters/log";
import { describeError } from "../../core/errors";

export interface WriteQueue {
  /** Runs `fn` after every earlier write, retrying it with backoff (at most 5 s apart). */
  write<T>(what: string, fn: () => Promise<T>): Promise<T>;
  /** Settles when every write queued so far has. */
  drained(): Promise<unknown>;
}

export function createWriteQueue({
  logger,
  stopping,
}: {
  logger: Logger;
  stopping: () => boolean;
}): WriteQueue {
  let chain: Promise<unknown> = Promise.resolve();
  return {
    write<T>(what: string, fn: () => Promise<T>): Promise<T> {
      const run = async (): Promise<T> => {
        for (let attempt = 1; ; attempt++) {
          try {
            return await fn();
          } catch (err) {
            if (stopping()) throw err;
            logger.warn(`could not store ${what}; retrying`, { attempt, error: describeError(err) });
            await new Promise((r) => setTimeout(r, Math.min(5000, 100 * 2 ** attempt)));
          }
        }
      };
      const p = chain.then(run, run);
      chain = p.catch(() => {});
      return p;
    },
    drained: () => chain,
  };
}
