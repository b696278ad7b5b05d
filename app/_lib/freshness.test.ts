import { describe, expect, it } from "vitest";
import { freshness } from "./freshness";

describe("panel freshness", () => {
  it("has no age before any data", () => {
    expect(freshness(null, 1_000)).toBeNull();
  });
  it("ages in seconds, then minutes; a clock slightly ahead reads 0 s", () => {
    expect(freshness(10_000, 13_400)?.text).toBe("updated 3 s ago");
    expect(freshness(0, 125_000)?.text).toBe("updated 2 m 5 s ago");
    expect(freshness(5_000, 4_000)?.text).toBe("updated 0 s ago");
  });
  it("is stale past the threshold, not at it", () => {
    expect(freshness(0, 15_000)?.stale).toBe(false);
    expect(freshness(0, 15_001)?.stale).toBe(true);
    expect(freshness(0, 4_000, { staleAfterMs: 3_000 })?.stale).toBe(true);
  });
  it("is stale when the pipeline says so, however new the frame", () => {
    expect(freshness(1_000, 1_000, { staleReason: "no new events" })?.stale).toBe(true);
  });
});
