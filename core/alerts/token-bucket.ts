/**
 * Token buckets per key (a receiver URL): chat robots allow a fixed number of messages per minute
 * (20 for DingTalk and WeCom robots) and ban or drop beyond it, so the notifier paces itself
 * instead of learning the limit from errors. Time is passed in, so tests use a fake clock.
 */

export interface RateLimiter {
  /** Takes a token for `key` at `now` if one is available; otherwise returns ms until one is. */
  take(key: string, now: number): { ok: true } | { ok: false; waitMs: number };
  /** Blocks `key` until `until` (a 429 with Retry-After). */
  block(key: string, until: number): void;
}

/**
 * @param limitOf messages per minute allowed for `key`; the bucket holds that many (the burst)
 *   but at most `maxBurst` (default 5), refilled evenly over the minute
 */
export function createRateLimiter({
  limitOf,
  maxBurst = 5,
}: {
  limitOf: (key: string) => number;
  maxBurst?: number;
}): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number; blockedUntil: number }>();
  const bucket = (key: string, now: number) => {
    const perMin = limitOf(key);
    const capacity = Math.max(1, Math.min(maxBurst, perMin));
    let b = buckets.get(key);
    if (!b) buckets.set(key, (b = { tokens: capacity, at: now, blockedUntil: 0 }));
    const perMs = perMin / 60_000;
    b.tokens = Math.min(capacity, b.tokens + Math.max(0, now - b.at) * perMs);
    b.at = Math.max(b.at, now);
    return { b, perMs };
  };
  return {
    take(key, now) {
      const { b, perMs } = bucket(key, now);
      if (b.blockedUntil > now) return { ok: false, waitMs: b.blockedUntil - now };
      if (b.tokens >= 1 - 1e-9) {
        b.tokens -= 1;
        return { ok: true };
      }
      return { ok: false, waitMs: Math.ceil((1 - b.tokens) / perMs) };
    },
    block(key, until) {
      const b = buckets.get(key);
      if (b) b.blockedUntil = Math.max(b.blockedUntil, until);
      else buckets.set(key, { tokens: 1, at: until, blockedUntil: until });
    },
  };
}
