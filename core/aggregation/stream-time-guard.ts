/**
 * Keeps one event from hijacking a partition's event time.
 *
 * A partition's watermark is the largest event time it has seen, and everything more than the
 * grace behind it is late. An event dated in the year 2100 would therefore make every later
 * event of its partition late, for good. The rule (documented in docs/ARCHITECTURE.md):
 *
 * - An event more than `maxAheadOfClockMs` past the wall clock is quarantined, always: no stream
 *   has events from tomorrow (0 turns this off, for simulations that run ahead of the clock).
 * - An event more than `maxAheadMs` past its stream's event time (the partition's watermark, or
 *   for a partition that has none yet the worker's newest watermark; beyond both) is ahead of its
 *   stream. It is quarantined (dead-lettered with the reason, counted) and moves nothing, unless
 *   the jump is confirmed: `confirmJump` events in a row that lie ahead and agree with each other
 *   (within `maxAheadMs` of the first) are a real jump in time (a compressed simulation, a
 *   replay, a producer clock that moved) and the stream follows from the last of them on. An
 *   event inside the stream in between (not late) breaks the row, so a hostile producer mixed
 *   into normal traffic never confirms a jump.
 */
export interface StreamTimeRule {
  /** How far past its stream's event time an event may be (default 10 min). */
  maxAheadMs: number;
  /** Events in a row that confirm a jump (default 20). */
  confirmJump: number;
  /** How far past the wall clock an event may be (default 24 h; 0: unchecked). */
  maxAheadOfClockMs: number;
}

export const defaultStreamTimeRule: StreamTimeRule = {
  maxAheadMs: 600_000,
  confirmJump: 20,
  maxAheadOfClockMs: 86_400_000,
};

/** Per-partition state of a jump being confirmed. */
export interface JumpWatch {
  /** Event time of the first event of the row (meaningful while `agreeing` > 0). */
  candidate: number;
  agreeing: number;
}

export const newJumpWatch = (): JumpWatch => ({ candidate: 0, agreeing: 0 });

/**
 * Judges an event past its stream's event time or past `clockLimit` (the wall clock plus
 * `maxAheadOfClockMs`, Infinity when unchecked): returns null when it may count (a confirmed
 * jump), or the reason it is quarantined. `streamTime` is the partition's watermark, or another
 * reference when it has none (null: nothing to compare with). The caller checks first, inline,
 * whether the event is that far ahead at all, so in-order traffic never calls this.
 */
export function judgeAhead(
  rule: StreamTimeRule,
  jump: JumpWatch,
  ts: number,
  streamTime: number | null,
  clockLimit: number,
): string | null {
  if (ts > clockLimit) {
    return `ts ahead of stream: ${iso(ts)} is more than ${duration(rule.maxAheadOfClockMs)} past the wall clock`;
  }
  if (streamTime === null || ts <= streamTime + rule.maxAheadMs) return null;
  if (jump.agreeing === 0 || Math.abs(ts - jump.candidate) > rule.maxAheadMs) {
    jump.candidate = ts;
    jump.agreeing = 1;
  } else jump.agreeing++;
  if (jump.agreeing >= rule.confirmJump) {
    jump.agreeing = 0;
    return null;
  }
  return `ts ahead of stream: ${iso(ts)} is more than ${duration(rule.maxAheadMs)} past the stream's ${iso(streamTime)}`;
}

/** An event inside the stream (not late, not ahead) breaks a row of ahead events. */
export function breaksRow(rule: StreamTimeRule, ts: number, streamTime: number): boolean {
  return ts >= streamTime - rule.maxAheadMs;
}

const iso = (ms: number) =>
  Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? new Date(ms).toISOString() : String(ms);
const duration = (ms: number) => (ms % 60_000 === 0 ? `${ms / 60_000} min` : `${ms / 1000} s`);
