/**
 * The notifier's clockwork: jobs every N ms whose failures are logged and retried at the next
 * run, and the tick that runs again `ms` after each run ends (never two at once).
 */
import type { Logger } from "../../adapters/log";
import { describeError } from "../../core/errors";

export interface NotifierTimers {
  /** Runs `fn` every `ms`; a failure is a warning naming `what`. */
  every(ms: number, what: string, fn: () => Promise<unknown>): void;
  /** Runs `fn` `ms` after start and `ms` after each run ends, until stopped. */
  repeat(ms: number, fn: () => Promise<void>): void;
  /** Stops everything; resolves once a run in progress ended. */
  stop(): Promise<void>;
}

export function createNotifierTimers(log: Logger): NotifierTimers {
  const intervals: NodeJS.Timeout[] = [];
  let timeout: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  return {
    every(ms, what, fn) {
      intervals.push(
        setInterval(() => {
          fn().catch((err) => log.warn(`could not refresh ${what}`, { error: describeError(err) }));
        }, ms),
      );
    },
    repeat(ms, fn) {
      const schedule = () => {
        if (stopped) return;
        timeout = setTimeout(() => {
          running = fn()
            .catch((err) => log.error("tick failed", { error: describeError(err) }))
            .finally(schedule);
        }, ms);
      };
      schedule();
    },
    async stop() {
      stopped = true;
      for (const t of intervals) clearInterval(t);
      clearTimeout(timeout);
      await running;
    },
  };
}
