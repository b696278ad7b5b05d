import { describe, expect, it } from "vitest";
import { ApiEventSchema } from "../events/api";
import { type ApiDrivers, createApiModel } from "./api-load";
import { createRng } from "./rng";

const endpoint = { name: "POST /order/create", capacityPerSecond: 100, baseLatencyMs: 80 };
const quiet: ApiDrivers = { orders: 0, updates: 0, installs: 0, invites: 0, shares: 0 };

interface Req {
  status: number;
  latencyMs: number;
  errorClass: string | null;
  retry: boolean;
  second: number;
}

function run(ordersPerSecond: (s: number) => number, seconds: number, scale = 1) {
  const model = createApiModel({ endpoints: [endpoint], scale });
  const rng = createRng("api-test");
  const requests: Req[] = [];
  for (let s = 0; s < seconds; s++) {
    model.step(
      s,
      s * 1000,
      { ...quiet, orders: ordersPerSecond(s) * scale },
      rng,
      (_e, status, latencyMs, errorClass, retry) =>
        requests.push({ status, latencyMs, errorClass, retry, second: s }),
    );
  }
  return { requests, stats: model.stats()[0]! };
}

const errorRate = (rs: Req[]) => rs.filter((r) => r.errorClass !== null).length / rs.length;

describe("API tier model", () => {
  it("serves nearly everything below capacity", () => {
    const { requests, stats } = run(() => 60, 300);
    expect(errorRate(requests)).toBeLessThan(0.01);
    expect(stats.overloadedSeconds).toBe(0);
    expect(requests.length).toBeGreaterThan(60 * 300 * 0.95);
  });

  it("counts as overloaded exactly the seconds that received more requests than capacity", () => {
    // Around capacity: Poisson noise and retries put some seconds above 100 requests, some below.
    const { requests, stats } = run((s) => 90 + (s % 20), 600);
    const perSecond = new Map<number, number>();
    for (const r of requests) perSecond.set(r.second, (perSecond.get(r.second) ?? 0) + 1);
    const over = [...perSecond.values()].filter((n) => n > endpoint.capacityPerSecond).length;
    expect(over).toBeGreaterThan(50);
    expect(over).toBeLessThan(550);
    // What a report counts from the per-second request aggregates.
    expect(stats.overloadedSeconds).toBe(over);
  });

  it("sheds load above capacity: errors and latency climb, and retries add load", () => {
    const below = run(() => 60, 120).requests;
    const { requests, stats } = run(() => 300, 120);
    expect(errorRate(requests)).toBeGreaterThan(0.6);
    expect(stats.overloadedSeconds).toBeGreaterThan(100);
    expect(stats.maxUtilization).toBeGreaterThan(3);
    expect(stats.errorsWhileOverloaded / stats.requestsWhileOverloaded).toBeGreaterThan(0.6);
    const retries = requests.filter((r) => r.retry).length;
    expect(retries).toBeGreaterThan(0.3 * 300 * 120);
    expect(requests.length).toBeGreaterThan(1.3 * 300 * 120);
    const medianOk = (rs: Req[]) => {
      const ok = rs
        .filter((r) => r.status < 400)
        .map((r) => r.latencyMs)
        .sort((a, b) => a - b);
      return ok[Math.floor(ok.length / 2)]!;
    };
    expect(medianOk(requests)).toBeGreaterThan(5 * medianOk(below));
    expect(new Set(requests.map((r) => r.errorClass))).toEqual(
      new Set([null, "overload_503", "timeout", "upstream_5xx"]),
    );
  });

  it("sets errorClass exactly when the status is 400 or above, as the contract requires", () => {
    const { requests } = run((s) => (s < 20 ? 400 : 50), 40);
    const invalid = requests.filter(
      (r, i) =>
        !ApiEventSchema.safeParse({
          v: 1,
          type: "api",
          id: `a${i}`,
          endpoint: endpoint.name,
          status: r.status,
          latencyMs: r.latencyMs,
          errorClass: r.errorClass,
          retry: r.retry,
          ts: 1,
        }).success,
    );
    expect(requests.some((r) => r.errorClass !== null)).toBe(true);
    expect(invalid).toEqual([]);
  });

  it("recovers once demand falls back under capacity", () => {
    const { requests } = run((s) => (s < 60 ? 400 : 40), 240);
    const late = requests.filter((r) => r.second >= 180);
    expect(errorRate(late)).toBeLessThan(0.01);
    // Only the rare ordinary failure is still retried.
    expect(late.filter((r) => r.retry).length / late.length).toBeLessThan(0.01);
  });

  it("scales capacity with the volume, so overload looks the same at 1%", () => {
    const { stats } = run(() => 300, 120, 0.01);
    expect(stats.overloadedSeconds).toBeGreaterThan(100);
    expect(stats.errors / stats.requests).toBeGreaterThan(0.5);
  });
});
