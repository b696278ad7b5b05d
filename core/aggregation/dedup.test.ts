import { describe, expect, it } from "vitest";
import { createDedup } from "./dedup";

describe("dedup", () => {
  it("recognises a re-sent id and nothing else, across growth of its set", () => {
    const d = createDedup({ horizonMs: 1000, initialSlots: 4 });
    const ids = Array.from({ length: 200_000 }, (_, i) => `order-${i}`);
    let fresh = 0;
    for (const id of ids) if (!d.seen(id, 10)) fresh++;
    expect(fresh).toBe(ids.length);
    expect(d.size).toBe(ids.length);
    let dup = 0;
    for (const id of ids) if (d.seen(id, 11)) dup++;
    expect(dup).toBe(ids.length);
    expect(d.seen("order-200000", 12)).toBe(false);
    expect(d.seen("", 12)).toBe(false);
    expect(d.seen("", 12)).toBe(true);
  });

  it("remembers ids for at least the horizon and forgets them after two", () => {
    const d = createDedup({ horizonMs: 1000 });
    d.seen("a", 0);
    d.expire(999);
    expect(d.seen("a", 999)).toBe(true);
    d.expire(1000); // new generation; "a" is in the previous one
    expect(d.seen("a", 1500)).toBe(true);
    d.seen("b", 1999); // inserted just before the next rotation...
    d.expire(2000); // ...rotation: "a" (two horizons old) is gone, "b" stays a full horizon more
    expect(d.seen("a", 2000)).toBe(false);
    d.expire(2999);
    expect(d.seen("b", 2999)).toBe(true);
  });

  it("reuses a cleared generation without remembering what it held", () => {
    const d = createDedup({ horizonMs: 10, initialSlots: 8 });
    for (let i = 0; i < 100; i++) d.seen(`x${i}`, 0); // grows the current set
    d.expire(10); // x* move to previous; current is a fresh set of the same size
    for (let i = 0; i < 50; i++) d.seen(`y${i}`, 10);
    d.expire(20); // x* dropped; the old set is cleared and reused
    expect(d.size).toBe(50);
    for (let i = 0; i < 100; i++) expect(d.seen(`x${i}`, 20)).toBe(false);
    for (let i = 0; i < 50; i++) expect(d.seen(`y${i}`, 20)).toBe(true);
  });

  it("rejects an initial size that is not a power of two", () => {
    expect(() => createDedup({ initialSlots: 6 })).toThrow(RangeError);
  });
});
