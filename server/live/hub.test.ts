import { describe, expect, it } from "vitest";
import { capacityFromGroups } from "../../core/live/reference-capacity";
import { endpointLoad, shopLoad } from "../../tests/support/frame-factory";
import { frameAt } from "../../tests/support/frame-stream";
import { createLiveHub } from "./hub";

function hub() {
  let now = 1_000_000;
  const h = createLiveHub({ clock: () => now, feedStaleAfterMs: 5000, seriesLength: 5 });
  return { h, advance: (ms: number) => (now += ms) };
}

describe("live hub", () => {
  it("has no view before the first frame and says it is waiting", () => {
    const { h } = hub();
    h.join("overview");
    expect(h.update("overview", null, 0)).toMatchObject({
      kind: "overview",
      view: null,
      samples: [],
      reset: true,
    });
    expect(h.feed()).toMatchObject({ state: "waiting", lastFrameAt: null, sources: 0 });
    expect(h.feed().pipeline).toMatchObject({ state: "waiting", reporting: 0, lagSeconds: null });
  });

  it("notifies the rooms with members on every frame and appends closed seconds", () => {
    const { h } = hub();
    const changed: string[][] = [];
    h.onChange((rooms) => changed.push(rooms));
    h.join("overview");
    h.join("chain");
    h.addFrame(frameAt(100));
    h.addFrame(frameAt(101));
    expect(changed).toEqual([
      ["overview", "chain"],
      ["overview", "chain"],
    ]);
    const u = h.update("overview", null, 0)!;
    expect(u.samples.map((s) => s.t)).toEqual([99, 100]);
    expect(h.update("overview", 99, 0)).toMatchObject({ reset: false, samples: [{ t: 100 }] });
    expect(h.feed()).toMatchObject({ state: "live", sources: 1 });
  });

  it("computes a room's view once per change however many sockets ask", () => {
    const { h } = hub();
    h.join("overview");
    h.addFrame(frameAt(100));
    const a = h.update("overview", null, 0)!;
    const b = h.update("overview", null, 0)!;
    expect(a.view).toBe(b.view);
    h.addFrame(frameAt(101));
    expect(h.update("overview", null, 0)!.view).not.toBe(a.view);
  });

  it("uses reference capacity for utilization", () => {
    const { h } = hub();
    h.setCapacity(
      capacityFromGroups([{ chain: "Heytea", city: "Shenzhen", shops: 10, capacityPerMin: 1200 }]),
    );
    h.join("chain");
    h.addFrame(frameAt(100));
    const u = h.update("chain", null, 0);
    if (u?.kind !== "chain") throw new Error("chain update expected");
    expect(u.view?.rows.find((r) => r.key === "Heytea")).toMatchObject({
      capacityPerMin: 1200,
      utilization: 0.3,
    });
  });

  it("tracks watched shops by room membership and keeps their samples", () => {
    const { h } = hub();
    const sets: number[][] = [];
    h.onWatchChange((ids) => sets.push(ids));
    h.join("shop:7");
    h.join("shop:7");
    h.join("shop:3");
    expect(h.watchedShops()).toEqual([3, 7]);
    h.setShopInfo(7, { id: 7, chain: "Heytea", city: "Shenzhen", capacityPerMin: 3, weight: 1 });
    h.addFrame(frameAt(100, { watchedShops: [shopLoad(7, { ratePerMin: 9 })] }));
    const u = h.update("shop:7", null, 0);
    if (u?.kind !== "shop") throw new Error("shop update expected");
    expect(u.view).toMatchObject({ shopId: 7, info: { chain: "Heytea" }, load: { ratePerMin: 9 } });
    expect(u.samples).toEqual([expect.objectContaining({ t: 100, ratePerMin: 9 })]);
    h.leave("shop:7");
    expect(h.watchedShops()).toEqual([3, 7]);
    h.leave("shop:7");
    expect(h.watchedShops()).toEqual([3]);
    expect(sets).toEqual([[7], [3, 7], [3]]);
  });

  it("keeps per-endpoint samples with the latency current when the second closed", () => {
    const { h } = hub();
    h.join("endpoint:POST /voucher/claim");
    h.addFrame(frameAt(100, { endpoints: [endpointLoad("POST /voucher/claim", { p99: 900 })] }));
    const u = h.update("endpoint:POST /voucher/claim", null, 0);
    if (u?.kind !== "endpoint") throw new Error("endpoint update expected");
    expect(u.samples).toEqual([{ t: 99, requests: 100, errors: 5, retries: 2, p50: 40, p95: 180, p99: 900 }]);
    expect(u.view?.summary?.requestsPerSec).toBe(100);
  });

  it("goes stale when frames stop, and relays alerts only to the alerts room", () => {
    const { h, advance } = hub();
    h.addFrame(frameAt(100));
    advance(5001);
    expect(h.feed().state).toBe("stale");
    const changed: string[][] = [];
    h.onChange((rooms) => changed.push(rooms));
    h.setAlerts([]);
    expect(changed).toEqual([]);
    h.join("alerts");
    h.setAlerts([
      {
        id: "a",
        rule: "shop-overloaded",
        severity: "warning",
        subject: "shop:1",
        message: "over capacity",
        since: 1,
        value: 2,
        threshold: 1,
        acknowledgedBy: null,
        labels: { shop: "1" },
      },
    ]);
    expect(changed).toEqual([["alerts"]]);
    const u = h.update("alerts", null, 0);
    if (u?.kind !== "alerts") throw new Error("alerts update expected");
    expect(u.view).toMatchObject({ source: "connected", alerts: [{ id: "a" }] });
  });

  it("returns null for a room no view maps to", () => {
    expect(hub().h.update("nope", null, 0)).toBeNull();
  });
});
