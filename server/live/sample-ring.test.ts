import { describe, expect, it } from "vitest";
import { createSampleRing } from "./sample-ring";

const s = (t: number) => ({ t, v: t * 10 });

describe("sample ring", () => {
  it("returns everything with reset for a fresh subscriber", () => {
    const r = createSampleRing<{ t: number; v: number }>(5);
    for (const t of [1, 2, 3]) r.push(s(t));
    expect(r.after(null)).toEqual({ samples: [s(1), s(2), s(3)], reset: true });
  });

  it("returns only newer samples to a caught-up subscriber", () => {
    const r = createSampleRing<{ t: number; v: number }>(5);
    for (const t of [1, 2, 3, 4]) r.push(s(t));
    expect(r.after(2)).toEqual({ samples: [s(3), s(4)], reset: false });
    expect(r.after(4)).toEqual({ samples: [], reset: false });
  });

  it("with gapResets, resets a cursor from before the series restarted (a replay jumped ahead)", () => {
    const r = createSampleRing<{ t: number; v: number }>(5, { gapResets: true });
    for (const t of [100, 101, 102]) r.push(s(t));
    expect(r.after(50)).toEqual({ samples: [s(100), s(101), s(102)], reset: true });
    expect(r.after(99)).toEqual({ samples: [s(100), s(101), s(102)], reset: false });
  });

  it("resets a subscriber that has samples newer than any here (a replay moved back)", () => {
    const r = createSampleRing<{ t: number; v: number }>(5);
    expect(r.after(99)).toEqual({ samples: [], reset: false });
    for (const t of [1, 2, 3, 4]) r.push(s(t));
    expect(r.after(99)).toEqual({ samples: [s(1), s(2), s(3), s(4)], reset: true });
  });

  it("replaces a sample of the same second and ignores older ones", () => {
    const r = createSampleRing<{ t: number; v: number }>(5);
    r.push(s(1));
    r.push(s(2));
    r.push({ t: 2, v: 99 });
    r.push(s(1));
    expect(r.after(null).samples).toEqual([s(1), { t: 2, v: 99 }]);
  });

  it("keeps at most `capacity` samples and resets a subscriber that missed evicted ones", () => {
    const r = createSampleRing<{ t: number; v: number }>(3);
    for (let t = 1; t <= 20; t++) r.push(s(t));
    expect(r.size()).toBe(3);
    expect(r.after(null).samples.map((x) => x.t)).toEqual([18, 19, 20]);
    // Has up to 10: 11..17 are gone, so the client must replace its series.
    expect(r.after(10)).toEqual({ samples: [s(18), s(19), s(20)], reset: true });
    // Has up to 17: nothing was lost.
    expect(r.after(17)).toEqual({ samples: [s(18), s(19), s(20)], reset: false });
  });

  it("does not reset a subscriber whose cursor predates the first sample when nothing was evicted", () => {
    const r = createSampleRing<{ t: number; v: number }>(10);
    r.push(s(100));
    expect(r.after(50)).toEqual({ samples: [s(100)], reset: false });
  });
});
