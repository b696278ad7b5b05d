import { describe, expect, it } from "vitest";
import { WindowCountsSchema } from "./frame";
import {
  longestWindowSeconds,
  ringFitError,
  ringSlots,
  ringSlotsFor,
  secondsAheadOfWindow,
  windowCountsAtRate,
  windowNames,
  windowTable,
  zeroWindowCounts,
} from "./windows";

describe("the window table", () => {
  it("is the one list: names, the frame schema and the builders all follow it", () => {
    expect(windowNames).toEqual(windowTable.map((w) => w.name));
    expect(Object.keys(zeroWindowCounts())).toEqual(windowNames);
    expect(Object.keys(WindowCountsSchema.shape)).toEqual(windowNames);
    const counts = windowCountsAtRate(2);
    for (const w of windowTable) expect(counts[w.name]).toBe(2 * w.seconds);
    // A frame from a worker that lacks a window (or has one more) is refused, not read as zero.
    const { [windowNames[0]!]: _, ...missing } = counts;
    expect(WindowCountsSchema.safeParse(missing).success).toBe(false);
    expect(WindowCountsSchema.safeParse({ ...counts, "2h": 1 }).success).toBe(false);
  });

  it("sizes the rings from the longest window, with room for what may be counted ahead of it", () => {
    expect(ringSlots).toBe(ringSlotsFor(longestWindowSeconds));
    expect(ringSlots).toBe(1024); // the 15-minute window, as before the table
    expect(ringSlotsFor(1800)).toBe(2048); // a 30-minute window would get its own
    const ahead = secondsAheadOfWindow({ graceMs: 5000 });
    for (const w of windowTable) expect(ringSlotsFor(w.seconds)).toBeGreaterThanOrEqual(w.seconds + ahead);
    expect(ringFitError({ graceMs: 5000 })).toBeNull();
  });

  it("names the window a lateness would push out of its ring", () => {
    expect(ringFitError({ graceMs: 64_000 })).toBeNull();
    expect(ringFitError({ graceMs: 65_000 })).toMatch(
      /^the 1m window .* 129 one-second slots; its ring keeps 128$/,
    );
  });
});
