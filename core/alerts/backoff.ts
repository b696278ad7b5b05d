/**
 * Retry delays for webhook deliveries: exponential growth capped at `maxMs`, with "equal jitter"
 * (half fixed, half random) so receivers that come back are not hit by every notifier at once,
 * while a retry never comes sooner than half the nominal delay.
 */

/**
 * Delay before retry number `attempt` (1 = the first retry).
 * @param baseMs delay of the first retry (default 1 s)
 * @param maxMs cap (default 60 s): a receiver down for 10 minutes hears from us within a minute of coming back
 * @param random uniform in [0, 1) (default Math.random; tests pass a fixed one)
 */
export function backoffDelay(
  attempt: number,
  {
    baseMs = 1000,
    maxMs = 60_000,
    random = Math.random,
  }: { baseMs?: number; maxMs?: number; random?: () => number } = {},
): number {
  const nominal = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(nominal / 2 + random() * (nominal / 2));
}

/**
 * Parses an HTTP `Retry-After` header (delta seconds or an HTTP date) into ms from `now`.
 * Returns null when absent or unparseable; never negative.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | null {
  if (value === null || value === undefined || value.trim() === "") return null;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}
