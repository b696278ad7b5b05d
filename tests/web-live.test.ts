/**
 * The live path of the web tier against the real broker and real Socket.IO clients: frames in
 * through Kafka, views out to rooms, slow-client coalescing, reconnect resume, the watch topic,
 * and refusal of unauthenticated sockets.
 */
import { io as ioClient } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ConnectionInfo,
  createLiveClient,
  type LiveClient,
  type ViewState,
} from "../app/_lib/live-client";
import type { LiveUpdate } from "../core/live/socket-events";
import { decodeWatchEntry } from "../core/live/watch";
import { shopLoad } from "./support/frame-factory";
import { frameAt } from "./support/frame-stream";
import { waitFor } from "./support/wait";
import { startTestWeb, type TestWeb } from "./support/web";

let web: TestWeb;
let cookie: string;
const clients: LiveClient[] = [];
const base = Math.floor(Date.now() / 1000) - 100;

function client(opts: Parameters<typeof createLiveClient>[0] = {}) {
  const c = createLiveClient({
    url: web.server.url,
    extraHeaders: { cookie },
    transports: ["websocket"],
    ...opts,
  });
  clients.push(c);
  return c;
}

function latest<K extends "overview" | "shop">(c: LiveClient, view: Parameters<LiveClient["subscribe"]>[0]) {
  const box: { state: ViewState<K> | null; updates: number } = { state: null, updates: 0 };
  const off = c.subscribe(view, (s) => {
    box.state = s as ViewState<K>;
    box.updates++;
  });
  return { box, off };
}

beforeAll(async () => {
  web = await startTestWeb("live", { hub: { feedStaleAfterMs: 60_000 } });
  await web.server.prisma.shop.createMany({
    data: [{ id: 900_042, chain: "Heytea", city: "Shenzhen", capacityPerMinute: 3, weight: 50 }],
    skipDuplicates: true,
  });
  const u = await web.createUser("live-viewer", "viewer");
  cookie = await web.signIn(u.username, u.password);
});

afterAll(async () => {
  for (const c of clients) c.close();
  await web?.close();
});

describe("live web tier", () => {
  it("refuses sockets without valid credentials and accepts a session or an API token", async () => {
    const attempt = (opts: Parameters<typeof ioClient>[1]) =>
      new Promise<string>((resolve) => {
        const s = ioClient(web.server.url, { transports: ["websocket"], reconnection: false, ...opts });
        s.on("connect", () => {
          s.disconnect();
          resolve("connected");
        });
        s.on("connect_error", (e) => {
          s.disconnect();
          resolve(e.message);
        });
      });
    expect(await attempt({})).toBe("unauthorized");
    expect(await attempt({ extraHeaders: { cookie: "lw_session=forged" } })).toBe("unauthorized");
    expect(await attempt({ auth: { token: "lwt_forged" } })).toBe("unauthorized");
    expect(await attempt({ extraHeaders: { cookie } })).toBe("connected");
    // Long-polling shares the HTTP server with the pages and the API.
    expect(await attempt({ extraHeaders: { cookie }, transports: ["polling"] })).toBe("connected");
    expect(await attempt({ transports: ["polling"] })).toBe("unauthorized");

    const op = await web.createUser("live-operator", "operator");
    const opCookie = await web.signIn(op.username, op.password);
    const r = await fetch(`${web.server.url}/api/v1/tokens`, {
      method: "POST",
      headers: { cookie: opCookie, "content-type": "application/json" },
      body: JSON.stringify({ name: "socket test" }),
    });
    const { token } = (await r.json()) as { token: string };
    expect(await attempt({ auth: { token } })).toBe("connected");
  });

  it("fans frames from Kafka out to the overview room, with the per-second points", async () => {
    const c = client();
    const { box } = latest<"overview">(c, { kind: "overview" });
    for (let s = base; s < base + 5; s++) await web.publishFrames([frameAt(s)]);
    const state = await waitFor(() => (box.state?.samples.length ?? 0) >= 5 && box.state, {
      what: "five closed seconds on the overview",
    });
    expect(state.view?.orders.perSec).toBe(10);
    expect(state.view?.endpoints[0]?.endpoint).toBe("POST /voucher/claim");
    // Each frame closes the second before its watermark.
    expect(state.samples.map((p) => p.t)).toEqual([base - 1, base, base + 1, base + 2, base + 3]);
    expect(c.connection().state).toBe("connected");
  });

  it("coalesces updates for a client that does not ack, sending the latest state and every missed point", async () => {
    const slow = ioClient(web.server.url, { transports: ["websocket"], extraHeaders: { cookie } });
    const received: LiveUpdate[] = [];
    const acks: Array<() => void> = [];
    slow.on("update", (u, ack) => {
      received.push(u);
      acks.push(ack);
    });
    await new Promise<void>((resolve) => slow.on("connect", () => resolve()));
    const first = await new Promise<{ ok: boolean }>((resolve) =>
      slow.emit("subscribe", { view: { kind: "overview" }, since: null }, resolve),
    );
    expect(first.ok).toBe(true);
    await waitFor(() => received.length === 1, { what: "the initial update" });
    const startT = (received[0]!.samples.at(-1) as { t: number } | undefined)?.t ?? null;

    // A fast client alongside, acking everything.
    const fast = client();
    const { box: fastBox } = latest<"overview">(fast, { kind: "overview" });
    const coalescedBefore =
      (
        await web.server.registry.getSingleMetric("launchwatch_web_updates_coalesced_total")?.get()
      )?.values.reduce((a, v) => a + v.value, 0) ?? 0;

    for (let s = base + 5; s < base + 15; s++) {
      await web.publishFrames([frameAt(s)]);
      await new Promise((r) => setTimeout(r, 30));
    }
    await waitFor(() => fastBox.state?.samples.at(-1)?.t === base + 13, {
      what: "the fast client to catch up",
    });
    expect(fastBox.updates).toBeGreaterThan(3);
    // The slow client still has only its first update: nothing queued up behind it.
    expect(received).toHaveLength(1);

    acks[0]!();
    await waitFor(() => received.length === 2, { what: "the coalesced update" });
    const second = received[1]!;
    expect(second.kind).toBe("overview");
    expect(second.reset).toBe(false);
    // One update carries every second the client missed, ending at the newest.
    const ts = (second.samples as Array<{ t: number }>).map((p) => p.t);
    expect(ts.at(-1)).toBe(base + 13);
    expect(ts[0]).toBe((startT ?? base - 1) + 1);
    expect(ts).toEqual(Array.from({ length: ts.length }, (_, i) => ts[0]! + i));
    const coalescedAfter =
      (
        await web.server.registry.getSingleMetric("launchwatch_web_updates_coalesced_total")?.get()
      )?.values.reduce((a, v) => a + v.value, 0) ?? 0;
    expect(coalescedAfter).toBeGreaterThan(coalescedBefore);
    acks[1]!();
    slow.disconnect();
  });

  it("resumes after a dropped connection without losing points", async () => {
    const c = client();
    const { box } = latest<"overview">(c, { kind: "overview" });
    await waitFor(() => box.state?.samples.at(-1)?.t === base + 13, { what: "the backfill" });
    const states: ConnectionInfo["state"][] = [];
    c.onConnection((i) => states.push(i.state));

    // Cut every transport on the server side; the client reconnects by itself.
    for (const s of web.server.sockets.io.sockets.sockets.values()) s.conn.close();
    await waitFor(() => states.includes("reconnecting"), { what: "the client to notice" });
    for (let s = base + 15; s < base + 18; s++) await web.publishFrames([frameAt(s)]);
    await waitFor(() => c.connection().state === "connected" && box.state?.samples.at(-1)?.t === base + 16, {
      what: "the resumed series",
    });
    const ts = box.state!.samples.map((p) => p.t);
    expect(ts).toEqual(Array.from({ length: ts.length }, (_, i) => ts[0]! + i));
    expect(ts.at(-1)).toBe(base + 16);
  });

  it("publishes watched shops to the watch topic and shows the shop once a frame reports it", async () => {
    const consumer = web.kafka.consumer({ groupId: web.env.groupId("watch-reader") });
    await consumer.connect();
    await consumer.subscribe({ topic: web.topics.watch, fromBeginning: true });
    const seen: Array<{ key: string; value: ReturnType<typeof decodeWatchEntry> }> = [];
    await consumer.run({
      eachMessage: async ({ message }) => {
        seen.push({ key: String(message.key), value: decodeWatchEntry(message.value) });
      },
    });

    const c = client();
    const { box, off } = latest<"shop">(c, { kind: "shop", shopId: 900_042 });
    const entry = await waitFor(() => seen.find((m) => m.value?.shopIds.includes(900_042)), {
      what: "the watch entry",
    });
    expect(entry.key).toBe(web.server.instanceId);
    expect(entry.value?.instance).toBe(web.server.instanceId);
    expect(Math.abs(entry.value!.at - Date.now())).toBeLessThan(30_000);

    const state = await waitFor(() => box.state?.view?.info && box.state, {
      what: "the shop's reference data",
    });
    expect(state.view?.info).toMatchObject({ chain: "Heytea", city: "Shenzhen", capacityPerMin: 3 });

    await web.publishFrames([
      frameAt(base + 18, {
        watchedShops: [shopLoad(900_042, { ratePerMin: 9, capacityPerMin: 3, waitMin: 12 })],
      }),
    ]);
    const loaded = await waitFor(() => box.state?.view?.load && box.state, { what: "the shop's load" });
    expect(loaded.view?.load).toMatchObject({ ratePerMin: 9, waitMin: 12 });
    expect(loaded.samples.at(-1)).toMatchObject({ ratePerMin: 9, t: base + 18 });

    off();
    await waitFor(() => seen.some((m) => m.key === web.server.instanceId && m.value === null), {
      what: "the tombstone after the last viewer left",
    });
    await consumer.disconnect();
  });

  it("ends the sockets of a session that signs out", async () => {
    const u = await web.createUser("live-leaver", "viewer");
    const leaverCookie = await web.signIn(u.username, u.password);
    const c = client({ extraHeaders: { cookie: leaverCookie } });
    await waitFor(() => c.connection().state === "connected", { what: "connection" });
    const r = await fetch(`${web.server.url}/api/auth/logout`, {
      method: "POST",
      headers: { cookie: leaverCookie },
    });
    expect(r.status).toBe(204);
    await waitFor(() => c.connection().state === "session-ended", { what: "the session end" });
    expect(c.connection().sessionEnd).toBe("signed-out");
  });
});
