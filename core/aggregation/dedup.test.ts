import { describe, expect, it } from "vitest";
import { createDedup } from "./dedup";

describe("dedup", () => {
  it("recognises a re-sent id and nothing else, across growth of its set", () => {
    const d = createDedup({ horizonMs: 1000, initialSlots: 4 });
    const ids = Array.from({ length: 200_000 }, (_, i) => `order-${i}`);
    let fresh = 0;
    for (const id of ids) if (!d.seen(id)) fresh++;
    expect(fresh).toBe(ids.length);
    expect(d.size).toBe(ids.length);
    let dup = 0;
    for (const id of ids) if (d.seen(id)) dup++;
    expect(dup).toBe(ids.length);
    expect(d.seen("order-200000")).toBe(false);
    expect(d.seen("")).toBe(false);
    expect(d.seen("")).toBe(true);
  });

  it("remembers ids for at least the horizon and forgets them after two", () => {
    const d = createDedup({ horizonMs: 1000 });
    d.expire(0); // the first watermark starts the first generation
    d.seen("a");
    d.expire(999);
    expect(d.seen("a")).toBe(true);
    d.expire(1000); // new generation; "a" is in the previous one
    expect(d.seen("a")).toBe(true);
    d.seen("b"); // inserted just before the next rotation...
    d.expire(2000); // ...rotation: "a" (two horizons old) is gone, "b" stays a full horizon more
    expect(d.seen("a")).toBe(false);
    d.expire(2999);
    expect(d.seen("b")).toBe(true);
  });

  it("reuses a cleared generation without remembering what it held", () => {
    const d = createDedup({ horizonMs: 10, initialSlots: 8 });
    d.expire(0);
    for (let i = 0; i < 100; i++) d.seen(`x${i}`); // grows the current set
    d.expire(10); // x* move to previous; current is a fresh set of the same size
    for (let i = 0; i < 50; i++) d.seen(`y${i}`);
    d.expire(20); // x* dropped; the old set is cleared and reused
    expect(d.size).toBe(50);
    for (let i = 0; i < 100; i++) expect(d.seen(`x${i}`)).toBe(false);
    for (let i = 0; i < 50; i++) expect(d.seen(`y${i}`)).toBe(true);
  });

  it("keeps ids a full horizon whatever the event times of the ids (late events do not rotate it)", () => {
    // Found by an independent recount: a 10-minute-late event recorded its old time as the
    // generation's start, so every frame rotated and duplicates 3 s apart were counted twice.
    const d = createDedup({ horizonMs: 300_000 });
    let dupes = 0;
    for (let s = 0; s < 100; s++) {
      const wm = 1_000_000 + s * 1000;
      d.expire(wm); // one frame a second
      d.seen(`late-${s}`); // an event from 10 minutes ago
      d.seen(`e${s}`);
      if (s >= 3 && d.seen(`e${s - 3}`)) dupes++; // re-sent 3 s later
    }
    expect(dupes).toBe(97);
  });

  it("rotates a generation that reaches maxIds, so memory stays bounded when the watermark stalls", () => {
    const d = createDedup({ horizonMs: 1000, initialSlots: 8, maxIds: 100 });
    d.expire(0);
    for (let i = 0; i < 1000; i++) d.seen(`x${i}`);
    expect(d.size).toBeLessThanOrEqual(200);
    expect(d.seen("x999")).toBe(true); // the newest ids are kept
  });

  it("ignores a watermark that is not a number", () => {
    const d = createDedup({ horizonMs: 1000 });
    d.expire(Number.NEGATIVE_INFINITY);
    d.expire(0);
    d.seen("a");
    d.expire(999);
    expect(d.seen("a")).toBe(true);
  });

  it("rejects an initial size that is not a power of two", () => {
    expect(() => createDedup({ initialSlots: 6 })).toThrow(RangeError);
  });
});
