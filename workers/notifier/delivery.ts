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
import { backoffDelay } from "../../core/alerts/backoff";
import { createRateLimiter, type RateLimiter } from "../../core/alerts/token-bucket";
import { ConfigError, describeError } from "../../core/errors";

export interface DeliveryStats {
  delivered: number;
  retried: number;
  rateLimited: number;
  failed: number;
  inFlight: number;
  /** Wall-clock ms from a notification's creation to its delivery, last one. */
  lastLatencyMs: number | null;
}

export interface Deliverer {
  start(): void;
  /** Looks for work now (after new rows were written). */
  wake(): void;
  /** Stops claiming and waits for the attempts in flight to settle. */
  stop(): Promise<void>;
  stats(): DeliveryStats;
}

/**
 * @param concurrency attempts in flight at once (default 4)
 * @param leaseMs how long a claimed row stays ours (default 60 s; above any receiver timeout)
 * @param retryBaseMs first retry delay (default 1 s), doubling up to `retryMaxMs` (default 60 s)
 * @param maxAgeMs undelivered notifications older than this are failed (default 24 h)
 * @param idleMs longest sleep when there is nothing to do (default 1 s)
 */
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
}: {
  outbox: Outbox;
  receivers: ReadonlyMap<string, Receiver>;
  owner: string;
  logger: Logger;
  concurrency?: number;
  leaseMs?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  maxAgeMs?: number;
  idleMs?: number;
  clock?: () => number;
  random?: () => number;
  limiter?: RateLimiter;
  onDelivered?: (row: ClaimedRow, latencyMs: number) => void;
}): Deliverer {
  // A request still waiting when its row's lease runs out is claimed again and sent twice.
  for (const r of receivers.values())
    if (r.timeoutMs * 2 > leaseMs)
      throw new ConfigError(
        "LW_DELIVERY_LEASE_MS",
        `receiver ${r.name}'s timeout (${r.timeoutMs} ms) must stay below half the delivery lease (${leaseMs} ms): lower the timeout in the policy or raise the lease`,
      );
  const byKey = new Map<string, number>();
  for (const r of receivers.values()) byKey.set(r.rateKey, r.ratePerMinute);
  const rate = limiter ?? createRateLimiter({ limitOf: (key) => byKey.get(key) ?? 60 });
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
  let wakeUp: (() => void) | null = null;
  let woken = false;
  const inFlight = new Set<Promise<void>>();

  const sleep = (ms: number) =>
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
    });

  const settle = async (row: ClaimedRow, attempt: Parameters<Outbox["settle"]>[1]) => {
    // The database may be briefly away; the lease keeps the row ours meanwhile.
    for (let i = 0; ; i++) {
      try {
        return await outbox.settle(row, attempt);
      } catch (err) {
        if (i >= 5 || !running) throw err;
        await new Promise((r) => setTimeout(r, 200 * 2 ** i));
      }
    }
  };

  const deliver = async (row: ClaimedRow): Promise<void> => {
    const receiver = receivers.get(row.receiver);
    const log = logger.child({ receiver: row.receiver, outboxId: row.id, group: row.groupKey });
    const base = { owner, statusCode: null, durationMs: 0, retryInMs: 0 };
    if (!receiver) {
      stats.failed++;
      log.error("no such receiver configured: notification failed");
      return settle(row, { ...base, outcome: "failed", error: `receiver ${row.receiver} is not configured` });
    }
    if (row.ageMs > maxAgeMs) {
      stats.failed++;
      log.error("notification expired undelivered", { ageMs: Math.round(row.ageMs), attempts: row.attempts });
      return settle(row, { ...base, outcome: "failed", error: `expired after ${row.attempts} attempts` });
    }
    const now = clock();
    const token = rate.take(receiver.rateKey, now);
    if (!token.ok) return outbox.release(row, { owner, retryInMs: token.waitMs });
    const res = await receiver.send(row.notification, { idempotencyKey: row.idempotencyKey, now });
    const attempt = {
      owner,
      statusCode: res.statusCode,
      durationMs: res.durationMs,
      error: res.outcome === "delivered" ? null : res.error,
    };
    switch (res.outcome) {
      case "delivered": {
        stats.delivered++;
        const latency = clock() - row.notification.createdAt;
        stats.lastLatencyMs = latency;
        await settle(row, { ...attempt, outcome: "delivered", retryInMs: 0 });
        onDelivered(row, latency);
        return;
      }
      case "rate_limited": {
        stats.rateLimited++;
        const wait =
          res.retryAfterMs ??
          backoffDelay(row.attempts + 1, { baseMs: retryBaseMs, maxMs: retryMaxMs, random });
        rate.block(receiver.rateKey, clock() + wait);
        log.warn("receiver asked us to slow down", { waitMs: wait, url: receiver.redactedUrl });
        return settle(row, { ...attempt, outcome: "rate_limited", retryInMs: wait });
      }
      case "retry": {
        stats.retried++;
        const wait = Math.max(
          backoffDelay(row.attempts + 1, { baseMs: retryBaseMs, maxMs: retryMaxMs, random }),
          res.retryAfterMs ?? 0,
        );
        log.warn("delivery failed, will retry", {
          error: res.error,
          attempt: row.attempts + 1,
          retryInMs: wait,
        });
        return settle(row, { ...attempt, outcome: "retry", retryInMs: wait });
      }
      case "failed":
        stats.failed++;
        log.error("delivery failed for good", { error: res.error, url: receiver.redactedUrl });
        return settle(row, { ...attempt, outcome: "failed", retryInMs: 0 });
    }
  };

  const run = async () => {
    while (running) {
      const free = concurrency - inFlight.size;
      let claimed: ClaimedRow[] = [];
      if (free > 0) {
        try {
          claimed = await outbox.claim({
            owner,
            limit: free,
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
          await sleep(idleMs);
          continue;
        }
      }
      for (const row of claimed) {
        const p = deliver(row)
          .catch((err) =>
            logger.error("delivery attempt crashed", { outboxId: row.id, error: describeError(err) }),
          )
          .finally(() => {
            inFlight.delete(p);
            stats.inFlight = inFlight.size;
            wakeUp?.();
          });
        inFlight.add(p);
      }
      stats.inFlight = inFlight.size;
      if (claimed.length > 0 && claimed.length === free) continue;
      if (inFlight.size >= concurrency) {
        await Promise.race(inFlight);
        continue;
      }
      let wait = idleMs;
      try {
        const due = await outbox.nextDueInMs();
        if (due !== null) wait = Math.min(wait, Math.max(10, due));
      } catch {
        // Sleep the default and try again.
      }
      await sleep(wait);
    }
  };

  return {
    start() {
      if (running) return;
      running = true;
      loop = run();
    },
    wake() {
      if (wakeUp) wakeUp();
      else woken = true;
    },
    async stop() {
      running = false;
      wakeUp?.();
      await loop;
      await Promise.allSettled([...inFlight]);
    },
    stats: () => ({ ...stats }),
  };
}
