import { describe, expect, it } from "vitest";
import { backoffDelay, parseRetryAfter } from "./backoff";
import { createRateLimiter } from "./token-bucket";

describe("backoff", () => {
  it("doubles per attempt up to the cap, with jitter in [half, full]", () => {
    const lo = { baseMs: 100, maxMs: 1000, random: () => 0 };
    const hi = { baseMs: 100, maxMs: 1000, random: () => 0.999999 };
    expect([1, 2, 3, 4, 5, 9].map((n) => backoffDelay(n, lo))).toEqual([50, 100, 200, 400, 500, 500]);
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, hi))).toEqual([100, 200, 400, 800, 1000]);
  });

  it("parses Retry-After in seconds or as an HTTP date", () => {
    expect(parseRetryAfter("3", 0)).toBe(3000);
    expect(parseRetryAfter("0.5", 0)).toBe(500);
    const now = Date.parse("2026-11-24T10:00:00Z");
    expect(parseRetryAfter("Tue, 24 Nov 2026 10:00:07 GMT", now)).toBe(7000);
    expect(parseRetryAfter("Tue, 24 Nov 2026 09:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});

describe("rate limiter", () => {
  it("allows a small burst, then paces at the per-minute rate", () => {
    const rl = createRateLimiter({ limitOf: () => 20, maxBurst: 5 });
    for (let i = 0; i < 5; i++) expect(rl.take("u", 0).ok).toBe(true);
    const denied = rl.take("u", 0);
    expect(denied).toEqual({ ok: false, waitMs: 3000 });
    expect(rl.take("u", 2999).ok).toBe(false);
    expect(rl.take("u", 3000).ok).toBe(true);
    // Then one every 3 s: 20 in the minute that starts with the one taken at 3 s.
    let sent = 1;
    for (let t = 3001; t < 63_000; t += 100) if (rl.take("u", t).ok) sent++;
    expect(sent).toBe(20);
  });

  it("keeps keys apart and honours a block (429 Retry-After)", () => {
    const rl = createRateLimiter({ limitOf: (k) => (k === "slow" ? 1 : 600) });
    expect(rl.take("slow", 0).ok).toBe(true);
    expect(rl.take("fast", 0).ok).toBe(true);
    rl.block("fast", 10_000);
    expect(rl.take("fast", 5000)).toEqual({ ok: false, waitMs: 5000 });
    expect(rl.take("fast", 10_000).ok).toBe(true);
    rl.block("new", 700);
    expect(rl.take("new", 0)).toEqual({ ok: false, waitMs: 700 });
    expect(rl.take("new", 700).ok).toBe(true);
  });
});
