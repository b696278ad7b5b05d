import { beforeAll, describe, expect, it } from "vitest";
import { decodeEvent, type LaunchEvent } from "../events/decode";
import { generateReferenceData } from "../reference";
import { createLaunch, defaultLaunchStartMs, type LaunchStats } from "./launch";
import type { WireMessage } from "./wire";

const reference = generateReferenceData();
const DURATION = 3 * 3600 + 40 * 60; // past the share block at 3 h and the half hour after it

function collect(options: Parameters<typeof createLaunch>[0]) {
  const sim = createLaunch({ reference, ...options });
  const batches: Array<{ second: number; messages: WireMessage[] }> = [];
  for (let b = sim.next(); b; b = sim.next()) batches.push(b);
  return { batches, stats: sim.stats() };
}

describe("launch generator", () => {
  let batches: Array<{ second: number; messages: WireMessage[] }>;
  let stats: LaunchStats;
  const events: Array<{ second: number; event: LaunchEvent; m: WireMessage }> = [];

  beforeAll(() => {
    ({ batches, stats } = collect({ seed: "unit", scale: 0.01, durationSec: DURATION }));
    for (const { second, messages } of batches) {
      for (const m of messages) {
        const d = decodeEvent(
          m.value,
          m.topic === "orders" ? "order" : m.topic === "downloads" ? "download" : "api",
        );
        if (!d.ok) throw new Error(`undecodable ${m.value}: ${d.reason}`);
        events.push({ second, event: d.event, m });
      }
    }
  });

  it("emits valid events on the right topics, keyed per the contract, stamped inside their second", () => {
    expect(events.length).toBeGreaterThan(100_000);
    const ids = new Set<string>();
    const wrong: string[] = [];
    for (const { second, event, m } of events) {
      ids.add(event.id);
      const t0 = defaultLaunchStartMs + second * 1000;
      if (!(event.ts >= t0 && event.ts < t0 + 1000)) wrong.push(`ts ${m.value}`);
      const key =
        event.type === "order"
          ? String(event.shopId)
          : event.type === "download"
            ? event.userId
            : event.endpoint;
      if (m.key !== key) wrong.push(`key ${m.key} ${m.value}`);
    }
    expect(wrong.slice(0, 5)).toEqual([]);
    expect(ids.size).toBe(events.length);
    expect(stats.messages.orders + stats.messages.downloads + stats.messages.api).toBe(events.length);
  });

  it("gives every order one outcome, after it was created, with accepted only for queued orders", () => {
    const created = new Map<string, number>();
    const outcomes = new Map<string, string[]>();
    for (const { event } of events) {
      if (event.type !== "order") continue;
      if (event.status === "created") created.set(event.orderId, event.ts);
      else {
        expect(event.ts).toBeGreaterThan(created.get(event.orderId)!);
        outcomes.set(event.orderId, [...(outcomes.get(event.orderId) ?? []), event.status]);
      }
    }
    const bad = [...outcomes].filter(
      ([, statuses]) =>
        statuses.filter((s) => s === "made" || s === "failed").length > 1 ||
        statuses.filter((s) => s === "accepted").length > 1 ||
        (statuses.length === 2 && statuses[0] !== "accepted"),
    );
    expect(bad.slice(0, 5)).toEqual([]);
    // Orders created in the last half hour may still be at the counter when the run ends.
    const settled = [...created].filter(([, ts]) => ts < defaultLaunchStartMs + (DURATION - 1800) * 1000);
    const done = (id: string) => outcomes.get(id)?.some((s) => s === "made" || s === "failed") ?? false;
    expect(settled.filter(([id]) => !done(id))).toEqual([]);
    expect(stats.orders.accepted).toBeGreaterThan(0);
    expect(stats.orders.accepted).toBeLessThan(0.5 * stats.orders.created);
  });

  it("overloads popular shops, and they fail more orders than the rest", () => {
    expect(stats.shops.overloaded).toBeGreaterThan(50);
    expect(stats.shops.refused).toBeGreaterThan(0);
    const top = stats.shops.top[0]!;
    expect(top.peakOrdersPerMinute).toBeGreaterThan(5 * top.capacityPerMinute);
    const hot = new Set(stats.shops.top.map((s) => s.shopId));
    const tally = { hot: { created: 0, failed: 0 }, rest: { created: 0, failed: 0 } };
    for (const { event } of events) {
      if (event.type !== "order" || (event.status !== "created" && event.status !== "failed")) continue;
      tally[hot.has(event.shopId) ? "hot" : "rest"][event.status]++;
    }
    expect(tally.hot.failed / tally.hot.created).toBeGreaterThan(
      5 * (tally.rest.failed / tally.rest.created),
    );
  });

  it("overloads the voucher and order endpoints at launch: errors, retries and latency rise, then recover", () => {
    const byName = new Map(stats.endpoints.map((e) => [e.endpoint, e]));
    for (const name of ["POST /voucher/claim", "POST /order/create"]) {
      const e = byName.get(name)!;
      expect(e.overloadedSeconds).toBeGreaterThan(60);
      expect(e.errorsWhileOverloaded / e.requestsWhileOverloaded).toBeGreaterThan(0.3);
    }
    expect(byName.get("GET /app/config")!.overloadedSeconds).toBe(0);
    const window = (from: number, to: number) => {
      const api = events.filter(
        ({ second, event }) =>
          event.type === "api" && event.endpoint === "POST /order/create" && second >= from && second < to,
      );
      const failed = api.filter(({ event }) => event.type === "api" && event.errorClass !== null).length;
      const retries = api.filter(({ event }) => event.type === "api" && event.retry).length;
      return { errorRate: failed / api.length, retryRate: retries / api.length };
    };
    const launch = window(60, 600);
    const calm = window(2 * 3600, 3 * 3600);
    expect(launch.errorRate).toBeGreaterThan(0.3);
    expect(launch.retryRate).toBeGreaterThan(0.2);
    expect(calm.errorRate).toBeLessThan(0.01);
  });

  it("cuts invite traffic when share links are blocked", () => {
    const { beforeBlock, afterBlock } = stats.invitesPerMinute;
    expect(beforeBlock).toBeGreaterThan(10);
    expect(afterBlock!).toBeLessThan(0.1 * beforeBlock!);
    const channels = (from: number, to: number) =>
      new Set(
        events.flatMap(({ second, event }) =>
          event.type === "download" && event.kind === "invite" && second >= from && second < to
            ? [event.channel]
            : [],
        ),
      );
    expect(channels(0, 3 * 3600)).toEqual(new Set(["share_link"]));
    expect(channels(3 * 3600 + 60, DURATION).has("share_link")).toBe(false);
    const invites = events.filter(({ event }) => event.type === "download" && event.kind === "invite");
    expect(invites.every(({ event }) => event.type === "download" && event.inviterId !== null)).toBe(true);
  });

  it("produces byte-identical messages for the same seed and different ones for another", () => {
    const a = collect({ seed: "det", scale: 0.01, durationSec: 1200, chaos: {} }).batches;
    const b = collect({ seed: "det", scale: 0.01, durationSec: 1200, chaos: {} }).batches;
    const c = collect({ seed: "other", scale: 0.01, durationSec: 1200, chaos: {} }).batches;
    const text = (bs: typeof a) =>
      bs.map((x) => x.messages.map((m) => `${m.topic} ${m.key} ${m.value}`).join("\n")).join("\n");
    expect(text(a)).toBe(text(b));
    expect(text(a)).not.toBe(text(c));
  });

  it("stamps events from the configured start and reports chaos counts", () => {
    const start = Date.parse("2026-03-01T09:00:00Z");
    const run = collect({
      seed: "chaos",
      scale: 0.01,
      durationSec: 900,
      startMs: start,
      chaos: { rate: 0.01 },
    });
    const first = run.batches[0]!.messages.map((m) => decodeEvent(m.value)).find((d) => d.ok);
    expect(first?.ok && first.event.ts >= start && first.event.ts < start + 1000).toBe(true);
    const chaos = run.stats.chaos!;
    expect(Object.values(chaos).every((n) => n > 0)).toBe(true);
    const total = run.batches.reduce((n, b) => n + b.messages.length, 0);
    const { orders, downloads, api } = run.stats.messages;
    expect(orders + downloads + api).toBe(total);
    // The last batch is the drain of held-back messages, past the last simulated second.
    expect(run.batches.at(-1)!.second).toBe(900);
  });
});
