import { describe, expect, it } from "vitest";
import { RuleSchema } from "../../core/alerts/rule";
import { emptyFrame } from "../../core/frames/empty-frame";
import type { EndpointLoad, Frame } from "../../core/frames/frame";
import { windowCountsAtRate } from "../../core/frames/windows";
import { createViewRules } from "./view-rules";

/** `n` requests per 10 s, steady over every window. */
const counts = (n: number) => windowCountsAtRate(n / 10);

function endpoint(name: string, reqPer10s: number): EndpointLoad {
  return {
    endpoint: name,
    requests: counts(reqPer10s),
    errors: counts(0),
    retries: counts(0),
    capacityPerSec: 100,
    utilization: reqPer10s / 10 / 100,
    p50: 10,
    p95: 20,
    p99: 30,
    errorClasses: {},
    saturationInSec: null,
  };
}

function frameOf(source: string, watermark: number, endpoints: EndpointLoad[]): Frame {
  return emptyFrame({ source, seq: watermark, watermark, partitions: [0], endpoints });
}

const rules = [
  RuleSchema.parse({ id: "endpoint-over-capacity", kind: "endpoint_over_capacity", for: "2s" }),
  RuleSchema.parse({ id: "shop-over-capacity", kind: "shop_over_capacity" }),
];

describe("view rules", () => {
  it("evaluates only the combined-view rules, in event time, once per watermark step", () => {
    const clock = () => 1_000;
    const v = createViewRules({ rules, clock });
    expect(v.rules.map((r) => r.id)).toEqual(["endpoint-over-capacity"]);
    const over = [endpoint("POST /order/create", 1500)];
    expect(v.add(frameOf("w1", 10_000, over)).map((a) => a.state)).toEqual(["pending"]);
    // Same watermark again (another worker's frame at the same point): nothing new is evaluated.
    expect(v.add(frameOf("w1", 10_000, over))).toEqual([]);
    expect(v.add(frameOf("w1", 11_000, over))).toEqual([]);
    const fired = v.add(frameOf("w1", 12_000, over));
    expect(fired).toHaveLength(1);
    expect(fired[0]).toMatchObject({
      state: "firing",
      startsAt: 10_000,
      labels: { alertname: "endpoint-over-capacity", endpoint: "POST /order/create" },
    });
    const resolved = v.add(frameOf("w1", 13_000, [endpoint("POST /order/create", 500)]));
    expect(resolved.map((a) => [a.state, a.endsAt])).toEqual([["resolved", 13_000]]);
  });

  it("never goes back in event time: a worker joining behind holds evaluation until it catches up", () => {
    const v = createViewRules({ rules, clock: () => 0 });
    const over = [endpoint("GET /a", 5000)];
    expect(v.add(frameOf("w1", 20_000, over)).map((a) => [a.state, a.startsAt])).toEqual([
      ["pending", 20_000],
    ]);
    // w2 joins at 10 s: the combined watermark (the oldest) falls behind what was evaluated.
    expect(v.add(frameOf("w2", 10_000, []))).toEqual([]);
    expect(v.add(frameOf("w1", 22_000, over))).toEqual([]);
    expect(v.add(frameOf("w2", 21_000, []))).toEqual([]);
    const fired = v.add(frameOf("w2", 22_000, []));
    expect(fired.map((a) => [a.state, a.startsAt])).toEqual([["firing", 20_000]]);
  });
});
