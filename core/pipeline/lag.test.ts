import { describe, expect, it } from "vitest";
import { createLagTracker } from "./lag";

describe("consumer lag from positions and log end offsets", () => {
  it("knows nothing before the first log end", () => {
    expect(createLagTracker().lag("t/0", 5, 0)).toEqual({ logEnd: null, messages: null, seconds: null });
  });

  it("is 0 messages and 0 s at the log end", () => {
    const t = createLagTracker();
    t.logEnd("t/0", 1000, 50);
    expect(t.lag("t/0", 50, 9000)).toEqual({ logEnd: 50, messages: 0, seconds: 0 });
  });

  it("counts seconds from when the log end first passed the position", () => {
    const t = createLagTracker();
    t.logEnd("t/0", 1000, 100);
    t.logEnd("t/0", 2000, 200);
    t.logEnd("t/0", 3000, 200); // unchanged: not a new sample
    t.logEnd("t/0", 4000, 400);
    expect(t.lag("t/0", 150, 10_000)).toEqual({ logEnd: 400, messages: 250, seconds: 8 });
    expect(t.lag("t/0", 200, 10_000)).toEqual({ logEnd: 400, messages: 200, seconds: 6 });
    expect(t.lag("t/0", 99, 10_000)).toEqual({ logEnd: 400, messages: 301, seconds: 9 });
  });

  it("measures consumed and produced rates over the window", () => {
    const t = createLagTracker({ rateWindowMs: 10_000 });
    expect(t.rates()).toBeNull();
    t.progress(0, 0, 1000);
    t.progress(5000, 4100, 6000);
    t.progress(10_000, 8200, 11_000);
    expect(t.rates()).toEqual({ consumedPerSec: 820, producedPerSec: 1000 });
  });
});
