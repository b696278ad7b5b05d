/**
 * When the server pushes its status to every socket: at once when something the page shows
 * changed (feed, Kafka, workers, the pipeline's state or clock), and otherwise on every
 * `everyMs` boundary of the server's clock, so a client can age the last frame even when
 * nothing changes.
 */
import type { ServerStatus } from "./socket-events";

/** What a status push shows that is worth a push of its own. */
export function statusKey(s: ServerStatus): string {
  return `${s.feed}|${s.kafka}|${s.sources}|${s.pipeline.state}|${s.pipeline.clock}`;
}

/**
 * @param lastKey the {@link statusKey} of the previous check ("" before the first).
 * @param everyMs the longest wait between pushes, rounded to whole seconds (at least 1 s); the
 *   checks are expected once a second.
 */
export function statusPushDue(
  lastKey: string,
  s: ServerStatus,
  everyMs: number,
): { key: string; due: boolean } {
  const key = statusKey(s);
  const due = key !== lastKey || Math.floor(s.now / 1000) % Math.max(1, Math.round(everyMs / 1000)) === 0;
  return { key, due };
}
