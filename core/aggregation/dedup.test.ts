import { describe, expect, it } from "vitest";
import { createDedup } from "./dedup";

describe("dedup", () => {
  it("recognises a re-sent id and nothing else", () => {
    const d = createDedup({ horizonMs: 1000 });
    const ids = Array.from({ length: 200_000 }, (_, i) => `order-${i}`);
    for (const id of ids) expect(d.seen(id, 10)).toBe(false);
    let dup = 0;
    for (const id of ids) if (d.seen(id, 11)) dup++;
    expect(dup).toBe(ids.length);
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
});
