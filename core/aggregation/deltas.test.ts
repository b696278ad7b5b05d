import { describe, expect, it } from "vitest";
import { createDeltaBook } from "./deltas";

const sortRows = <T extends { series: string; bucket: number; key: string }>(rows: T[]) =>
  [...rows].sort(
    (a, b) => a.series.localeCompare(b.series) || a.bucket - b.bucket || a.key.localeCompare(b.key),
  );

describe("delta book", () => {
  it("sums increments per series, bucket and key, per partition", () => {
    const d = createDeltaBook();
    const made = d.keyId("ordersStatus", "made");
    d.metricById(0, made, 1000);
    d.metricById(0, made, 1000);
    d.metricById(0, made, 1001);
    d.metric(0, "ordersCity", 1001, "Wuhan");
    d.metric(0, "ordersCity", 1019, "Wuhan", 2); // same minute bucket (960..1019)
    d.metric(0, "ordersCity", 1020, "Wuhan");
    d.metric(1, "dropped", 5000, "late");
    d.counter(1, "lateDropped");
    expect(d.empty).toBe(false);
    const out = d.take();
    expect(sortRows(out.get(0)!.metrics)).toEqual([
      { resolution: 60, series: "orders.city", bucket: 960, key: "Wuhan", value: 3 },
      { resolution: 60, series: "orders.city", bucket: 1020, key: "Wuhan", value: 1 },
      { resolution: 1, series: "orders.status", bucket: 1000, key: "made", value: 2 },
      { resolution: 1, series: "orders.status", bucket: 1001, key: "made", value: 1 },
    ]);
    expect(out.get(1)).toEqual({
      metrics: [{ resolution: 0, series: "dropped", bucket: 0, key: "late", value: 1 }],
      counters: expect.objectContaining({ lateDropped: 1, invalid: 0 }),
    });
    expect(d.empty).toBe(true);
    expect(d.take().size).toBe(0);
  });

  it("keeps counting into a bucket shared by two resolutions after its array grows", () => {
    const d = createDeltaBook();
    d.metric(0, "ordersCity", 960, "Wuhan"); // minute bucket 960
    d.metric(0, "ordersStatus", 960, "made"); // second bucket 960: the same bucket start
    for (let i = 0; i < 200; i++) d.metric(0, "ordersChain", 960, `chain-${i}`); // grows its array
    d.metric(0, "ordersCity", 1000, "Wuhan"); // still minute bucket 960
    d.metric(0, "ordersStatus", 960, "made");
    const rows = d.take().get(0)!.metrics;
    expect(rows.find((m) => m.series === "orders.city")).toMatchObject({ bucket: 960, value: 2 });
    expect(rows.find((m) => m.series === "orders.status")).toMatchObject({ bucket: 960, value: 2 });
    expect(rows.filter((m) => m.series === "orders.chain")).toHaveLength(200);
  });

  it("takes only the partitions asked for, and keeps key ids stable as keys are added", () => {
    const d = createDeltaBook();
    d.metric(0, "ordersChain", 10, "Heytea");
    d.metric(3, "ordersChain", 10, "Heytea");
    // Many more keys than the first arrays hold, after a bucket already exists.
    for (let i = 0; i < 300; i++) d.metric(0, "ordersChain", 10, `chain-${i}`, i + 1);
    expect(d.keyId("ordersChain", "Heytea")).toBe(0);
    const first = d.take([0]);
    expect(first.has(3)).toBe(false);
    const rows = first.get(0)!.metrics;
    expect(rows).toHaveLength(301);
    expect(rows.find((m) => m.key === "chain-299")?.value).toBe(300);
    expect(rows.find((m) => m.key === "Heytea")?.value).toBe(1);
    expect(d.empty).toBe(false);
    expect(d.take().get(3)!.metrics).toEqual([
      { resolution: 1, series: "orders.chain", bucket: 10, key: "Heytea", value: 1 },
    ]);
  });
});
