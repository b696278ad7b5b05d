import { describe, expect, it } from "vitest";
import { partialWindow } from "./partial-window";

describe("windows before the first data", () => {
  it("gives the rate over the measured seconds, tagged partial", () => {
    // 3 s measured, 90 orders: 9/s over 10 s would read 9/s; it is 30/s.
    const w = partialWindow(3000);
    expect(w.partial).toBe(true);
    expect(w.rate(9)).toBe(30);
    expect(partialWindow(9999).rate(9)).toBe(10);
  });

  it("shows no rate under one measured second, not a zero", () => {
    expect(partialWindow(0).rate(0)).toBeNull();
    expect(partialWindow(999).rate(5)).toBeNull();
    expect(partialWindow(0).partial).toBe(true);
  });

  it("is a full window from 10 s on, or when coverage is unknown", () => {
    expect(partialWindow(10_000)).toMatchObject({ partial: false });
    expect(partialWindow(10_000).rate(7)).toBe(7);
    expect(partialWindow(null).rate(7)).toBe(7);
  });
});
