import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors";
import {
  decodeWatchEntry,
  encodeWatchEntry,
  isWatchEntryLive,
  liveWatchedShops,
  maxWatchedShops,
  watchEntry,
  watchMaxAgeMs,
} from "./watch";

describe("watch entries", () => {
  it("round-trips with ids deduplicated and sorted", () => {
    const e = watchEntry("web-a", [5, 1, 5, 3], 1000);
    expect(e.shopIds).toEqual([1, 3, 5]);
    expect(decodeWatchEntry(Buffer.from(encodeWatchEntry(e)))).toEqual(e);
  });

  it("caps the number of ids", () => {
    const e = watchEntry(
      "web-a",
      Array.from({ length: maxWatchedShops + 10 }, (_, i) => i),
      0,
    );
    expect(e.shopIds).toHaveLength(maxWatchedShops);
  });

  it("reads a null or empty value as a tombstone", () => {
    expect(decodeWatchEntry(null)).toBeNull();
    expect(decodeWatchEntry(Buffer.alloc(0))).toBeNull();
  });

  it("rejects malformed values", () => {
    expect(() => decodeWatchEntry("{")).toThrow(InvalidInputError);
    expect(() => decodeWatchEntry(JSON.stringify({ instance: "a", shopIds: [-1], at: 0 }))).toThrow(
      InvalidInputError,
    );
    expect(() => decodeWatchEntry(JSON.stringify({ instance: "a", shopIds: [], at: 0, extra: 1 }))).toThrow(
      InvalidInputError,
    );
  });

  it("expires an entry exactly after the max age", () => {
    const e = watchEntry("web-a", [1], 10_000);
    expect(isWatchEntryLive(e, 10_000 + watchMaxAgeMs)).toBe(true);
    expect(isWatchEntryLive(e, 10_000 + watchMaxAgeMs + 1)).toBe(false);
  });

  it("unions the live entries only", () => {
    const now = 100_000;
    const ids = liveWatchedShops(
      [
        watchEntry("a", [1, 2], now - 1000),
        watchEntry("b", [2, 3], now - 5000),
        watchEntry("c", [9], now - 60_000),
      ],
      now,
    );
    expect([...ids].sort()).toEqual([1, 2, 3]);
  });
});
