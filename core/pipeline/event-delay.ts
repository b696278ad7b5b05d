/**
 * Event-time delay against the producers (docs/DASHBOARD.md, "Worker behind or producers
 * late"): per partition, how far the newest event time counted lags behind the wall clock, and
 * the part of it that is not the worker's own lag. The on-call question it answers: is the
 * worker behind (consumer lag seconds high: records wait in Kafka), or are the producers late
 * (records reach Kafka long after their event time: upstream buffering, clients retrying,
 * a clock skewed)? Pure.
 *
 * The newest counted record was written about `lagSeconds` ago (it is the one just before the
 * oldest unread), so `eventDelay ≈ lagSeconds + producerDelay`: what remains after the worker's
 * lag is the producers' share. A caught-up partition nobody writes to has a growing event delay
 * that is no one's fault: it has no producer delay (null) until its log end moves again.
 */

/** Wall seconds the newest event time counted is behind `now` (null: no event yet). */
export function eventDelaySeconds(now: number, eventTime: number | null): number | null {
  return eventTime === null ? null : Math.max(0, (now - eventTime) / 1000);
}

/**
 * The producers' share of the event delay, in seconds (null: unknown, or the partition is quiet:
 * caught up and its log end not moved within `activeWithinMs`, default 10 s).
 */
export function producerDelaySeconds({
  eventDelay,
  lagSeconds,
  lagMessages,
  logEndMovedAt,
  now,
  activeWithinMs = 10_000,
}: {
  eventDelay: number | null;
  lagSeconds: number | null;
  /** Messages behind the log end: records waiting mean the partition is not quiet. */
  lagMessages: number | null;
  /** Wall ms the partition's log end last grew (null: never seen to grow). */
  logEndMovedAt: number | null;
  now: number;
  activeWithinMs?: number;
}): number | null {
  if (eventDelay === null || lagSeconds === null || logEndMovedAt === null) return null;
  if (lagMessages === 0 && now - logEndMovedAt > activeWithinMs) return null;
  return Math.max(0, eventDelay - lagSeconds);
}
