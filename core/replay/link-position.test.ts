import { describe, expect, it } from "vitest";
import { linkSeconds } from "./link-position";

describe("linkSeconds (issue 15: the share link's ?t=)", () => {
  const from = 1_770_000_000_000;
  it("is the second the clock shows: rounded down, also past the half second", () => {
    expect(linkSeconds({ from, position: from + 754_000 })).toBe(754);
    expect(linkSeconds({ from, position: from + 754_499 })).toBe(754);
    expect(linkSeconds({ from, position: from + 754_700 })).toBe(754);
    expect(linkSeconds({ from, position: from + 754_999 })).toBe(754);
  });

  it("is 0 at the start and never negative", () => {
    expect(linkSeconds({ from, position: from })).toBe(0);
    expect(linkSeconds({ from, position: from - 500 })).toBe(0);
  });
});
