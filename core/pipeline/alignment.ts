/**
 * Event-time alignment of a worker's partitions (Flink's watermark alignment, Kafka Streams'
 * "choose the record with the lowest timestamp"). A worker behind its producers reads its
 * partitions at different event-time speeds: a partition with few bytes per event-time second
 * (sparse orders) gets thousands of seconds ahead of a dense one (API calls with retries). The
 * windows keep one slot per second for a bounded span, so a partition that far ahead overwrote
 * the seconds still being closed, and the live view read orders 0/s, API 0/s and every gauge at
 * 0 % during the launch spike. A partition ahead of the closable end by more than `maxAheadMs`
 * waits until the others catch up. Pure.
 */

/** How far ahead of the closable end an event may be counted (default 60 s of event time). */
export const defaultMaxAheadMs = 60_000;

export interface HoldRule {
  /** A partition whose watermark is above this (event-time ms) is ahead of the others... */
  aheadAbove: number;
  /** ...and its events from this event time on wait. */
  waitFrom: number;
}

/**
 * When a partition's events wait, or null when none need to.
 *
 * @param base the first second (epoch s) not yet closable: where the windows are read
 * @param graceMs lateness allowed behind a watermark: the partition the base waits for is
 *   within this of it, is never ahead, and so is never held; holding cannot stall the stream
 * @param maxAheadMs see {@link defaultMaxAheadMs} (at least `graceMs` + 2 s is used)
 */
export function holdRule({
  base,
  graceMs,
  maxAheadMs = defaultMaxAheadMs,
}: {
  base: number | null;
  graceMs: number;
  maxAheadMs?: number;
}): HoldRule | null {
  if (base === null) return null;
  const baseMs = base * 1000;
  return { aheadAbove: baseMs + graceMs + 1000, waitFrom: baseMs + Math.max(maxAheadMs, graceMs + 2000) };
}

/** Whether an event at `ts` of a partition at `watermark` waits under `rule`. */
export function mustWait(rule: HoldRule | null, watermark: number | null, ts: number): boolean {
  return rule !== null && watermark !== null && watermark > rule.aheadAbove && ts >= rule.waitFrom;
}
