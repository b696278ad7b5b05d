/**
 * The delivery loop: claims due outbox rows, paces each webhook URL with a token bucket, sends,
 * and settles every attempt (delivered; retry later with exponential backoff and jitter; wait
 * for Retry-After on a 429; give up on a permanent error or an expired notification). Several
 * deliverers can run at once (rows are leased), and a crashed one's rows come back when their
 * lease expires, so a restart in the middle of a delivery loses nothing.
 */
import type { ClaimedRow, Outbox } from "../../adapters/db/outbox";
import type { Logger } from "../../adapters/log";
import type { Receiver } from "../../adapters/webhooks/receivers";
import { createRateLimiter, type RateLimiter } from "../../core/alerts/token-bucket";
import { ConfigError, describeError } from "../../core/errors";
import { createDeliveryAttempt, type DeliveryStats } from "./delivery-attempt";

export type { DeliveryStats } from "./delivery-attempt";

export interface Deliverer {
  start(): void;
  /** Looks for work now (after new rows were written). */
  wake(): void;
  /** Stops claiming and waits for the attempts in flight to settle. */
  stop(): Promise<void>;
  stats(): DeliveryStats;
}

export interface DelivererOptions {
  outbox: Outbox;
  receivers: ReadonlyMap<string, Receiver>;
  /** This instance: the owner of the rows it claims. */
  owner: string;
  logger: Logger;
  /** Attempts in flight at once (default 4). */
  concurrency?: number;
  /** How long a claimed row stays ours (default 60 s; above any receiver timeout). */
  leaseMs?: number;
  /** First retry delay (default 1 s), doubling up to `retryMaxMs` (default 60 s). */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Undelivered notifications older than this are failed (default 24 h). */
  maxAgeMs?: number;
  /** Longest sleep when there is nothing to do (default 1 s). */
  idleMs?: number;
  clock?: () => number;
  random?: () => number;
  /** Paces each webhook URL (default: a token bucket per receiver's rate key, at its `ratePerMinute`). */
  limiter?: RateLimiter;
  onDelivered?: (row: ClaimedRow, latencyMs: number) => void;
}

/** Creates a deliverer; nothing runs until {@link Deliverer.start}. Defaults are on {@link DelivererOptions}. */
export function createDeliverer({
  outbox,
  receivers,
  owner,
  logger,
  concurrency = 4,
  leaseMs = 60_000,
  retryBaseMs = 1000,
  retryMaxMs = 60_000,
  maxAgeMs = 24 * 3_600_000,
  idleMs = 1000,
  clock = Date.now,
  random = Math.random,
  limiter,
  onDelivered = () => {},
}: DelivererOptions): Deliverer {
  checkLease(receivers, leaseMs);
  const rate = limiter ?? receiverRates(receivers);
  const stats: DeliveryStats = {
    delivered: 0,
    retried: 0,
    rateLimited: 0,
    failed: 0,
    inFlight: 0,
    lastLatencyMs: null,
  };
  let running = false;
  let loop: Promise<void> | null = null;
  const inFlight = new Set<Promise<void>>();
  const { sleep, wake, interrupt } = createSleeper();

  const deliver = createDeliveryAttempt({
    outbox,
    receivers,
    owner,
    logger,
    stats,
    maxAgeMs,
    retryBaseMs,
    retryMaxMs,
    clock,
    random,
    rate,
    onDelivered,
    running: () => running,
  });

  const run = async () => {
    while (running) {
      const free = concurrency - inFlight.size;
      let claimed: ClaimedRow[] = [];
      if (free > 0) {
        const got = await claimRows(outbox, { owner, limit: free, leaseMs, stats, logger });
        if (got === null) {
          await sleep(idleMs);
          continue;
        }
        claimed = got;
      }
      for (const row of claimed) {
        const p = deliver(row)
          .catch((err) =>
            logger.error("delivery attempt crashed", { outboxId: row.id, error: describeError(err) }),
          )
          .finally(() => {
            inFlight.delete(p);
            stats.inFlight = inFlight.size;
            interrupt();
          });
        inFlight.add(p);
      }
      stats.inFlight = inFlight.size;
      if (claimed.length > 0 && claimed.length === free) continue;
      if (inFlight.size >= concurrency) {
        await Promise.race(inFlight);
        continue;
      }
      await sleep(await nextWait(outbox, idleMs));
    }
  };

  return {
    start() {
      if (running) return;
      running = true;
      loop = run();
    },
    wake,
    async stop() {
      running = false;
      interrupt();
      await loop;
      await Promise.allSettled([...inFlight]);
    },
    stats: () => ({ ...stats }),
  };
}

/** A token bucket per receiver's rate key, at its `ratePerMinute` (60 for a key none has). */
function receiverRates(receivers: ReadonlyMap<string, Receiver>): RateLimiter {
  const byKey = new Map<string, number>();
  for (const r of receivers.values()) byKey.set(r.rateKey, r.ratePerMinute);
  return createRateLimiter({ limitOf: (key) => byKey.get(key) ?? 60 });
}

/**
 * Claims up to `limit` rows; a row whose payload does not parse counts as failed. Null when the
 * claim itself failed (the database away): the loop sleeps and tries again.
 */
async function claimRows(
  outbox: Outbox,
  {
    owner,
    limit,
    leaseMs,
    stats,
    logger,
  }: { owner: string; limit: number; leaseMs: number; stats: DeliveryStats; logger: Logger },
): Promise<ClaimedRow[] | null> {
  try {
    return await outbox.claim({
      owner,
      limit,
      leaseMs,
      onUnparsable: (id, reason) => {
        stats.failed++;
        logger.error("notification failed: its stored payload does not parse", {
          outboxId: id,
          reason,
        });
      },
    });
  } catch (err) {
    logger.warn("could not claim notifications", { error: describeError(err) });
    return null;
  }
}

/** How long to sleep with nothing to claim: until the next row is due, at most `idleMs`. */
async function nextWait(outbox: Outbox, idleMs: number): Promise<number> {
  try {
    const due = await outbox.nextDueInMs();
    if (due !== null) return Math.min(idleMs, Math.max(10, due));
  } catch {
    // Sleep the default and try again.
  }
  return idleMs;
}

/** A request still waiting when its row's lease runs out is claimed again and sent twice. */
function checkLease(receivers: ReadonlyMap<string, Receiver>, leaseMs: number): void {
  for (const r of receivers.values())
    if (r.timeoutMs * 2 > leaseMs)
      throw new ConfigError(
        "LW_DELIVERY_LEASE_MS",
        `receiver ${r.name}'s timeout (${r.timeoutMs} ms) must stay below half the delivery lease (${leaseMs} ms): lower the timeout in the policy or raise the lease`,
      );
}

/**
 * The loop's sleep: `wake` ends it now or, when not sleeping, makes the next one return at once
 * (new rows were written meanwhile); `interrupt` only ends a sleep in progress.
 */
function createSleeper() {
  let wakeUp: (() => void) | null = null;
  let woken = false;
  return {
    sleep: (ms: number) =>
      new Promise<void>((resolve) => {
        if (woken) {
          woken = false;
          return resolve();
        }
        const t = setTimeout(done, ms);
        function done() {
          clearTimeout(t);
          wakeUp = null;
          resolve();
        }
        wakeUp = done;
      }),
    wake() {
      if (wakeUp) wakeUp();
      else woken = true;
    },
    interrupt() {
      wakeUp?.();
    },
  };
}
