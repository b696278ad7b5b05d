import { describe, expect, it } from "vitest";
import { createProgressMeter, formatProgress } from "./progress";

describe("replay progress", () => {
  it("has no rate or ETA from a single reading", () => {
    const p = createProgressMeter({ total: 1000 }).read(0, 0);
    expect(p).toEqual({ done: 0, total: 1000, percent: 0, rate: null, etaSec: null });
    expect(formatProgress(p)).toBe("0.0 % of 1,000 events · rate … · ETA unknown");
  });

  it("takes the rate over the readings of the window and the ETA at that rate", () => {
    const m = createProgressMeter({ total: 1_000_000, windowMs: 10_000 });
    m.read(0, 0);
    m.read(100_000, 1000);
    const p = m.read(200_000, 2000);
    expect(p.percent).toBe(20);
    expect(p.rate).toBe(100_000);
    expect(p.etaSec).toBe(8);
    expect(formatProgress(p)).toBe("20.0 % of 1,000,000 events · 100,000 events/s · ETA 8 s");
    // A slow start leaves the window: 20 s later only the last 10 s count.
    m.read(300_000, 12_000);
    m.read(400_000, 13_000);
    const q = m.read(900_000, 22_000);
    expect(q.rate).toBeCloseTo(60_000, 0);
    expect(formatProgress(q)).toMatch(/ETA 2 s$/);
  });

  it("is 100 % with ETA 0 when done, and when there was nothing to do", () => {
    const m = createProgressMeter({ total: 10 });
    m.read(0, 0);
    expect(m.read(12, 1000)).toMatchObject({ done: 10, percent: 100, etaSec: 0 });
    expect(createProgressMeter({ total: 0 }).read(0, 0)).toMatchObject({ percent: 100, etaSec: 0 });
  });

  it("says minutes and hours in the ETA", () => {
    const m = createProgressMeter({ total: 10_000_000 });
    m.read(0, 0);
    expect(formatProgress(m.read(1000, 1000))).toMatch(/ETA 2h46m$/);
  });
});
