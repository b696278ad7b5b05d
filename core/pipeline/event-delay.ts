/**
 * Event-time delay against the producers (docs/DASHBOARD.md, "Worker behind or producers
 * late"): per partition, how far the newest event time counted lags behind the wall clock, and
 * whether that is the producers' doing. The on-call question it answers: is the worker behind
 * (consumer lag: records wait in Kafka), or are the producers late (records reach Kafka long
 * after their event time: upstream buffering, clients retrying, a clock skewed)? Pure.
 *
 * Only a caught-up partition that is being written to tells: its newest counted record is about
 * the newest written, so its event delay is how late the producers write. While the worker is
 * behind, its event delay is mostly its own lag, and the lag in seconds of a starved worker (its
 * log-end samples late) is too rough to subtract: the producer delay is unknown (null) then, as
 * it is for a quiet partition, whose growing event delay is no one's fault.
 */

/** Wall seconds the newest event time counted is behind `now` (null: no event yet). */
export function eventDelaySeconds(now: number, eventTime: number | null): number | null {
  return eventTime === null ? null : Math.max(0, (now - eventTime) / 1000);
}

/**
 * The producers' delay, in seconds: the event delay of a caught-up partition whose log end moved
 * within `activeWithinMs` (default 10 s). Null: unknown, behind, or quiet.
 */
export function producerDelaySeconds({
  eventDelay,
  lagMessages,
  logEndMovedAt,
  now,
  activeWithinMs = 10_000,
}: {
  eventDelay: number | null;
  /** Messages behind the log end (null: unknown). */
  lagMessages: number | null;
  /** Wall ms the partition's log end last grew (null: never seen to grow). */
  logEndMovedAt: number | null;
  now: number;
  activeWithinMs?: number;
}): number | null {
  if (eventDelay === null || lagMessages !== 0 || logEndMovedAt === null) return null;
  return now - logEndMovedAt > activeWithinMs ? null : eventDelay;
}
