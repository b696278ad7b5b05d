import { describe, expect, it } from "vitest";
import type { PipelineHealth } from "./health";
import { pipelineStatus, type SourceReport } from "./status";

const health = (lagSeconds: number | null, consumed = 0, produced = 0): PipelineHealth => ({
  lagMessages: lagSeconds === null ? null : Math.round(lagSeconds * 100),
  lagSeconds,
  consumedPerSec: consumed,
  producedPerSec: produced,
  partitions: [],
});
const report = (over: Partial<SourceReport> = {}): SourceReport => ({
  source: "w1",
  receivedAt: 100_000,
  emittedAt: 100_000,
  watermark: 99_000,
  watermarkMovedAt: 100_000,
  pipeline: health(0),
  ...over,
});

describe("the pipeline status rule", () => {
  it("waits before any worker reported", () => {
    expect(pipelineStatus([], 0)).toMatchObject({ state: "waiting", reporting: 0, lagSeconds: null });
  });

  it("is live when caught up", () => {
    expect(pipelineStatus([report()], 101_000)).toMatchObject({ state: "live", text: "Live · 1 worker" });
  });

  it("says how much of the 10-s window holds measured data", () => {
    const since = (dataSince: number | null | undefined, source = "w1") =>
      report({ source, pipeline: { ...health(0), dataSince } });
    // Watermark 99 s; data since 96 s: 3 s measured.
    expect(pipelineStatus([since(96_000)], 101_000).windowCoveredMs).toBe(3000);
    // Two workers: the one that began last bounds it (a restarted worker under a new id).
    expect(pipelineStatus([since(50_000), since(97_500, "w2")], 101_000).windowCoveredMs).toBe(1500);
    expect(pipelineStatus([since(50_000)], 101_000).windowCoveredMs).toBe(49_000);
    // The first data second its frames showed here narrows the worker's own bound.
    expect(pipelineStatus([{ ...since(96_000), firstDataAt: 94_000 }], 101_000).windowCoveredMs).toBe(5000);
    expect(pipelineStatus([{ ...since(96_000), firstDataAt: 98_000 }], 101_000).windowCoveredMs).toBe(3000);
    // Unknown for a worker that does not say (older frames): unknown.
    expect(pipelineStatus([since(undefined)], 101_000).windowCoveredMs).toBeNull();
    expect(pipelineStatus([since(null)], 101_000).windowCoveredMs).toBeNull();
  });

  it("tells the producers late from the worker behind", () => {
    const late = { ...health(0), producerDelaySeconds: 45 };
    expect(pipelineStatus([report({ pipeline: late })], 101_000)).toMatchObject({
      state: "live",
      text: "Live · 1 worker · producers 45 s late",
      producerDelaySeconds: 45,
    });
    // Under the threshold, or on the stream clock (a simulation), it is not news.
    expect(pipelineStatus([report({ pipeline: { ...late, producerDelaySeconds: 10 } })], 101_000).text).toBe(
      "Live · 1 worker",
    );
    const feb = Date.parse("2026-02-06T02:00:00Z");
    const sim = report({
      receivedAt: feb + 1e10,
      emittedAt: feb + 1e10,
      watermark: feb,
      watermarkMovedAt: feb + 1e10,
    });
    expect(pipelineStatus([{ ...sim, pipeline: late }], feb + 1e10).text).toBe("Live · 1 worker");
    // The worker behind: its lag is the status, the producers' share is 0.
    const behind = { ...health(192, 41_000, 10_000), producerDelaySeconds: 0 };
    expect(pipelineStatus([report({ pipeline: behind })], 101_000).text).toBe(
      "Behind 3 m 12 s, catching up at 4.1x",
    );
  });

  it("is behind over the threshold, with the catch-up pace", () => {
    const s = pipelineStatus([report({ pipeline: health(192, 41_000, 10_000) })], 101_000);
    expect(s).toMatchObject({
      state: "behind",
      text: "Behind 3 m 12 s, catching up at 4.1x",
      lagSeconds: 192,
    });
    expect(pipelineStatus([report({ pipeline: health(10) })], 101_000).state).toBe("live");
    expect(pipelineStatus([report({ pipeline: health(11, 900, 1000) })], 101_000).text).toBe(
      "Behind 11 s, falling behind",
    );
  });

  it("names a worker that stopped reporting", () => {
    const s = pipelineStatus([report(), report({ source: "w2", receivedAt: 61_000 })], 101_000);
    expect(s).toMatchObject({ state: "no-data", text: "No data from worker w2 for 40 s", reporting: 1 });
    expect(pipelineStatus([report({ receivedAt: 50_000 })], 101_000).text).toBe(
      "No data from worker w1 for 51 s",
    );
  });

  it("does not call a worker silent whose partitions another reporting worker reads (a restart)", () => {
    const parts = (n: number[]) => ({
      ...health(0),
      partitions: n.map((p) => ({
        topic: "lw.orders",
        partition: p,
        position: 0,
        logEnd: 0,
        lagMessages: 0,
        lagSeconds: 0,
        eventTime: null,
        held: false,
      })),
    });
    const old = report({ source: "w-old", receivedAt: 61_000, pipeline: parts([0, 1]) });
    expect(pipelineStatus([old, report({ pipeline: parts([0, 1, 2]) })], 101_000).state).toBe("live");
    expect(pipelineStatus([old, report({ pipeline: parts([1, 2]) })], 101_000).text).toBe(
      "No data from worker w-old for 40 s",
    );
  });

  it("does not claim zero lag when a worker cannot tell its lag", () => {
    const s = pipelineStatus([report({ pipeline: undefined })], 101_000);
    expect(s.text).toBe("Live · 1 worker · lag unknown");
    expect(s.lagSeconds).toBeNull();
    expect(s.lagMessages).toBeNull();
  });

  it("is stale when frames arrive but the stream's event time stopped moving", () => {
    expect(pipelineStatus([report({ watermarkMovedAt: 30_000 })], 101_000)).toMatchObject({
      state: "stale",
      text: "Stale · no new events for 1 m 11 s",
    });
  });

  it("follows the stream clock when the stream is more than an hour from the wall clock", () => {
    const months = 300 * 86_400_000;
    const s = pipelineStatus([report({ receivedAt: months, watermarkMovedAt: months })], months + 1000);
    expect(s).toMatchObject({ clock: "stream", streamTime: 99_000 });
    expect(pipelineStatus([report()], 101_000).clock).toBe("wall");
  });
});
