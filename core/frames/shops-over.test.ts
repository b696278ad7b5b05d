import { describe, expect, it } from "vitest";
import { frame } from "../../tests/support/frame-factory";
import { combineFrames } from "./combine";
import { type Frame, FrameSchema } from "./frame";
import { combineShopsOver } from "./shops-over";

/** The pipeline health of a worker reading `partitions` of lw.orders. */
const reading = (...partitions: number[]): Frame["pipeline"] => ({
  lagMessages: 0,
  lagSeconds: 0,
  consumedPerSec: null,
  producedPerSec: null,
  partitions: partitions.map((partition) => ({
    topic: "lw.orders",
    partition,
    position: 0,
    logEnd: 0,
    lagMessages: 0,
    lagSeconds: 0,
    eventTime: null,
    held: false,
  })),
});

const w1 = frame({
  source: "w1",
  shopsOverCapacity: 3,
  shopsOverByChain: { Heytea: 2, Luckin: 1 },
  shopsOverByCity: { Shenzhen: 3 },
  pipeline: reading(0, 2),
});
const w2 = frame({
  source: "w2",
  shopsOverCapacity: 2,
  shopsOverByChain: { Heytea: 1, Nayuki: 1 },
  shopsOverByCity: { Shenzhen: 1, Xiamen: 1 },
  pipeline: reading(1, 3),
});

describe("shops over capacity per group across workers", () => {
  it("adds two workers' counts per chain and per city", () => {
    const v = combineFrames([w1, w2]);
    expect(v.shopsOverCapacity).toBe(5);
    expect(v.shopsOver).toEqual({
      byChain: { Heytea: 3, Luckin: 1, Nayuki: 1 },
      byCity: { Shenzhen: 4, Xiamen: 1 },
      counted: 2,
      sources: 2,
      shared: [],
      unread: [],
      partialMinuteMs: null,
    });
  });

  it("says when a worker holds less than a minute (it began less than a minute ago)", () => {
    const young = { ...w2, watermark: 100_000, pipeline: { ...reading(1, 3)!, dataSince: 80_000 } };
    expect(combineShopsOver([w1, young]).partialMinuteMs).toBe(20_000);
    const old = { ...young, pipeline: { ...young.pipeline, dataSince: 30_000 } };
    expect(combineShopsOver([w1, old]).partialMinuteMs).toBeNull();
  });

  it("counts nothing per group when no frame carries the figure (older workers, old snapshots)", () => {
    const old = (f: Frame): Frame => {
      const { shopsOverByChain: _c, shopsOverByCity: _city, ...rest } = f;
      return rest;
    };
    // Such frames (and stored snapshots) still read.
    expect(FrameSchema.parse(old(w1))).not.toHaveProperty("shopsOverByChain");
    expect(combineShopsOver([old(w1), old(w2)])).toMatchObject({ counted: 0, sources: 2, byChain: {} });
    // One of two: the sum holds that worker's shops only.
    expect(combineShopsOver([w1, old(w2)])).toMatchObject({
      counted: 1,
      sources: 2,
      byChain: w1.shopsOverByChain,
    });
  });

  it("names a partition two workers claim (a rebalance) and one nobody reads", () => {
    const moving = { ...w2, pipeline: reading(1, 2, 3) };
    expect(combineShopsOver([w1, moving]).shared).toEqual(["lw.orders/2"]);
    const gap = { ...w2, pipeline: reading(3) };
    expect(combineShopsOver([w1, gap]).unread).toEqual(["lw.orders/1"]);
    // Without every worker's pipeline health a gap proves nothing.
    expect(combineShopsOver([w1, { ...gap, pipeline: undefined }]).unread).toEqual([]);
  });
});
