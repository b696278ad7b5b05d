import { describe, expect, it } from "vitest";
import { counts, endpointLoad, frame, secondPoint, shopLoad } from "../../tests/support/frame-factory";
import { buildHistory, latestPerSourceAndBucket, planHistory, type SnapshotRow } from "./history";

describe("planHistory", () => {
  it("uses exact seconds when the range fits", () => {
    expect(planHistory(1000, 1599, 600)).toEqual({ from: 1000, to: 1599, step: 1, resolution: "1s" });
  });

  it("widens buckets and picks the smallest window covering a bucket", () => {
    expect(planHistory(0, 900 - 1, 600)).toMatchObject({ step: 2, resolution: "10s" });
    expect(planHistory(0, 3600 - 1, 600)).toMatchObject({ step: 6, resolution: "10s" });
    expect(planHistory(0, 6 * 3600 - 1, 600)).toMatchObject({ step: 36, resolution: "1m" });
    expect(planHistory(0, 48 * 3600, 600)).toMatchObject({ step: 289, resolution: "5m" });
    expect(planHistory(0, 30 * 86_400, 600)).toMatchObject({ resolution: "15m" });
  });

  it("accepts a reversed range", () => {
    expect(planHistory(20, 10)).toMatchObject({ from: 10, to: 20 });
  });
});

describe("buildHistory", () => {
  const row = (t: number, source: string, over = {}): SnapshotRow => ({
    t,
    frame: frame({ source, watermark: t * 1000, emittedAt: t * 1000 + 300, ...over }),
  });

  it("sums the exact seconds of every worker for short ranges", () => {
    const rows = [
      row(100, "w1", { seconds: [secondPoint(99), secondPoint(100)] }),
      row(100, "w2", { seconds: [secondPoint(100)] }),
      row(101, "w1", { seconds: [secondPoint(101)], watchedShops: [shopLoad(5, { ratePerMin: 9 })] }),
      row(300, "w1", { seconds: [secondPoint(300)] }),
    ];
    const h = buildHistory(planHistory(100, 200), rows, { shopIds: [5] });
    expect(h.overview.map((r) => [r.t, r.orders])).toEqual([
      [100, 20],
      [101, 10],
    ]);
    const claim = h.endpoints["POST /voucher/claim"]!;
    expect(claim.map((r) => r.requests)).toEqual([200, 100]);
    expect(claim[0]!.p99).toBe(450);
    expect(h.shops["5"]).toEqual([expect.objectContaining({ t: 101, ratePerMin: 9 })]);
    expect(h.endpointCapacity["POST /voucher/claim"]).toBe(120);
  });

  it("reads window rates from the latest frame per worker and bucket for long ranges", () => {
    const plan = planHistory(0, 3 * 3600 - 1, 600); // 18 s buckets, 1m window
    expect(plan).toMatchObject({ step: 18, resolution: "1m" });
    const rows = [
      row(0, "w1", { orders: counts(1) }),
      row(17, "w1", { orders: counts(2) }), // same bucket, later: wins
      row(5, "w2", { orders: counts(3), endpoints: [endpointLoad("POST /order/create")] }),
      row(18, "w1", { orders: counts(4) }),
    ];
    expect(
      latestPerSourceAndBucket(plan, rows)
        .map((r) => `${r.frame.source}@${r.t}`)
        .sort(),
    ).toEqual(["w1@17", "w1@18", "w2@5"]);
    const h = buildHistory(plan, rows);
    expect(h.overview.map((r) => [r.t, r.orders])).toEqual([
      [17, 5],
      [18, 4],
    ]);
    expect(h.overview[0]!.made).toBeCloseTo(12);
    expect(h.endpoints["POST /order/create"]!.map((r) => r.requests)).toEqual([100]);
    expect(h.overview.length).toBeLessThanOrEqual(600);
  });

  it("returns empty series for an empty range", () => {
    const h = buildHistory(planHistory(0, 10), []);
    expect(h.overview).toEqual([]);
    expect(h.endpoints).toEqual({});
  });
});
