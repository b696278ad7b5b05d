/**
 * Sign-in throttling rules. An attempt is counted *before* its password is verified (so a burst
 * of parallel guesses cannot all pass a check made before any failure is recorded), under three
 * keys: the client address, the user, and the user from that address. Every key allows a few
 * free attempts, then each further attempt waits an exponentially growing delay, capped: a
 * backoff, never a lockout, so nobody can keep `admin` out by guessing its password. The counts
 * live where every web process shares them (adapters/db/sign-in-throttle.ts).
 */

/** Free attempts, then `baseMs` doubling per attempt up to `maxMs`, forgotten after `resetMs` quiet. */
export interface BackoffPolicy {
  free: number;
  baseMs: number;
  maxMs: number;
  resetMs: number;
}

export interface ThrottlePolicy {
  /** Everything from one client address (any username): slows password spraying. */
  perAddress: BackoffPolicy;
  /** One user from one address: the usual guesser. */
  perUserAddress: BackoffPolicy;
  /** One user from anywhere: a guesser spread over many addresses. Short cap, so the owner is delayed, not locked out. */
  perUser: BackoffPolicy;
}

/** Defaults: 5 tries per user and address, then 1 s, 2 s, 4 s ... up to 15 min. */
export const defaultThrottlePolicy: ThrottlePolicy = {
  perAddress: { free: 30, baseMs: 1000, maxMs: 15 * 60_000, resetMs: 3600_000 },
  perUserAddress: { free: 5, baseMs: 1000, maxMs: 15 * 60_000, resetMs: 3600_000 },
  perUser: { free: 20, baseMs: 1000, maxMs: 60_000, resetMs: 3600_000 },
};

/** How long after the `attempts`-th attempt the next one may start. */
export function backoffMs(attempts: number, p: BackoffPolicy): number {
  if (attempts < p.free) return 0;
  return Math.min(p.maxMs, p.baseMs * 2 ** Math.min(attempts - p.free, 40));
}

/** One sign-in attempt: who it is for and where it comes from. */
export interface SignInAttempt {
  username: string;
  /** The client address (see {@link clientAddressKey}); null when unknown. */
  address: string | null;
}

export type ThrottleKind = keyof ThrottlePolicy;

/**
 * The keys an attempt counts under, in the order they are taken: the client's own key first,
 * so a throttled client stops before it counts against the user.
 */
export function throttleKeys(a: SignInAttempt): Array<{ kind: ThrottleKind; key: string }> {
  const user = a.username.toLowerCase();
  const addr = a.address === null ? null : clientAddressKey(a.address);
  return [
    ...(addr ? [{ kind: "perAddress" as const, key: `addr:${addr}` }] : []),
    ...(addr ? [{ kind: "perUserAddress" as const, key: `user-addr:${user}|${addr}` }] : []),
    { kind: "perUser" as const, key: `user:${user}` },
  ];
}

/**
 * The part of a client address that identifies a client: an IPv4 address (also when written
 * IPv4-mapped, `::ffff:1.2.3.4`), or the /64 of an IPv6 address (one host usually owns a whole
 * /64, so counting single IPv6 addresses would let it rotate through 2^64 of them).
 */
export function clientAddressKey(address: string): string {
  const a = address.trim().toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (mapped) return mapped[1]!;
  if (!a.includes(":")) return a;
  const [head = "", tail = ""] = a.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = a.includes("::")
    ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+/, "") || "0")
    .join(":")}::/64`;
}

/** The verdict for one attempt. */
export type ThrottleVerdict = { ok: true } | { ok: false; retryAfterMs: number };

/** Counts attempts and answers whether one may go ahead. Implementations must be atomic per key. */
export interface SignInThrottle {
  /** Counts the attempt under every key; refuses (counting no further key) when one must wait. */
  begin(a: SignInAttempt): Promise<ThrottleVerdict>;
  /** The password was right: forgets the user's counts and returns the address's attempt. */
  succeeded(a: SignInAttempt): Promise<void>;
  /** Drops counts quiet for longer than their reset time. */
  sweep(now: number): Promise<number>;
}
