/**
 * Slows password guessing: after `maxFailures` failed sign-ins for one username within
 * `windowMs`, further attempts for it are refused until the window has passed. In memory, per
 * web process; a success clears the count.
 */
export interface SignInThrottle {
  /** Milliseconds to wait before `username` may try again; 0 when allowed. */
  retryAfterMs(username: string): number;
  failed(username: string): void;
  succeeded(username: string): void;
}

export function createSignInThrottle({
  clock = Date.now,
  maxFailures = 5,
  windowMs = 5 * 60_000,
  maxTracked = 10_000,
}: {
  clock?: () => number;
  maxFailures?: number;
  windowMs?: number;
  maxTracked?: number;
} = {}): SignInThrottle {
  const failures = new Map<string, number[]>();
  const recent = (u: string) => {
    const now = clock();
    const list = (failures.get(u) ?? []).filter((t) => now - t < windowMs);
    if (list.length) failures.set(u, list);
    else failures.delete(u);
    return list;
  };
  return {
    retryAfterMs(u) {
      const list = recent(u);
      return list.length >= maxFailures ? list[0]! + windowMs - clock() : 0;
    },
    failed(u) {
      if (failures.size >= maxTracked && !failures.has(u)) {
        // Bounded memory under a spray of usernames: forget the oldest entry.
        const oldest = failures.keys().next().value;
        if (oldest !== undefined) failures.delete(oldest);
      }
      failures.set(u, [...recent(u), clock()]);
    },
    succeeded(u) {
      failures.delete(u);
    },
  };
}
