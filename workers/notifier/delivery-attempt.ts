/**
 * One delivery attempt of a claimed outbox row, and how it is settled: delivered; retried later
 * with exponential backoff and jitter; paused for Retry-After on a 429; failed for good on a
 * permanent error or an expired notification. The delivery loop (delivery.ts) claims and paces.
 */
import type { ClaimedRow, Outbox } from "../../adapters/db/outbox";
import type { Logger } from "../../adapters/log";
import type { Receiver } from "../../adapters/webhooks/receivers";
import { backoffDelay } from "../../core/alerts/backoff";
import type { RateLimiter } from "../../core/alerts/token-bucket";

export interface DeliveryStats {
  delivered: number;
  retried: number;
  rateLimited: number;
  failed: number;
  inFlight: number;
  /** Wall-clock ms from a notification's creation to its delivery, last one. */
  lastLatencyMs: number | null;
}

export interface AttemptDeps {
  outbox: Outbox;
  receivers: ReadonlyMap<string, Receiver>;
  owner: string;
  logger: Logger;
  /** Counted into as attempts settle. */
  stats: DeliveryStats;
  maxAgeMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
  clock: () => number;
  random: () => number;
  rate: RateLimiter;
  onDelivered: (row: ClaimedRow, latencyMs: number) => void;
  /** False once the loop stops: settling is not retried any more. */
  running: () => boolean;
}

/** Makes one attempt at `row` and settles it (see the module comment). */
export function createDeliveryAttempt({
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
  running,
}: AttemptDeps): (row: ClaimedRow) => Promise<void> {
  const settle = async (row: ClaimedRow, attempt: Parameters<Outbox["settle"]>[1]) => {
    // The database may be briefly away; the lease keeps the row ours meanwhile.
    for (let i = 0; ; i++) {
      try {
        return await outbox.settle(row, attempt);
      } catch (err) {
        if (i >= 5 || !running()) throw err;
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
  return deliver;
}
