/**
 * Replay playback through the real web server, Postgres and Socket.IO clients: two viewers of
 * one link share one playback (join, seek, speed, play, pause), the dashboard's views inside the
 * replay show the snapshots at the position (cumulative orders, firing alerts), a seek back
 * resets the charts, and the replay API (timeline, CSV, start) answers and refuses properly.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createReplayStore, replayStream } from "../adapters/db/replay-store";
import { createLiveClient, type LiveClient, type ViewState } from "../app/_lib/live-client";
import { ReplayCreatedResponseSchema, ReplayTimelineResponseSchema } from "../core/api/replays";
import type { Frame } from "../core/frames/frame";
import type { ReplayPlaybackUpdate } from "../core/live/socket-events";
import { summarize } from "../core/replay/summary";
import { counts, frame, secondPoint } from "./support/frame-factory";
import { waitFor } from "./support/wait";
import { startTestWeb, type TestWeb } from "./support/web";

let web: TestWeb;
let viewerCookie: string;
let operatorCookie: string;
const clients: LiveClient[] = [];
const id = `pb${Math.random().toString(36).slice(2, 10)}`;
/** The launch starts on a minute boundary; snapshots every event-time minute for 6 hours. */
const start = Math.floor(Date.now() / 60_000) * 60 - 7 * 3600;
const minutes = 360;
const sources = ["w-a", "w-b"];

/**
 * Each worker has created 1,000 orders per minute by its watermark (2,000 a minute together, as
 * the stored aggregates say), but its totals also count the 25,000 it had read beyond it: a
 * replay reads ahead of event time, and the views must follow event time.
 */
function snapshot(source: string, minute: number): Frame {
  const t = start + minute * 60;
  return frame({
    source,
    seq: minute,
    watermark: t * 1000,
    seconds: [secondPoint(t - 1, { orders: { created: minute, accepted: 0, made: 0, failed: 0 } })],
    totals: {
      ordersCreated: minute * 1000 + 25_000,
      downloads: 0,
      apiRequests: 0,
      invalid: 0,
      duplicates: 0,
      lateDropped: 0,
      ahead: 0,
      unreadable: 0,
    },
    orders: counts(1000 / 60),
  });
}

/** A dashboard socket; a viewer's unless `cookie` says otherwise (only operators steer a playback). */
function client(cookie = viewerCookie): LiveClient {
  const c = createLiveClient({
    url: web.server.url,
    extraHeaders: { cookie },
    transports: ["websocket"],
  });
  clients.push(c);
  return c;
}

function watch<K extends "overview" | "alerts">(c: LiveClient, kind: K) {
  const box: { state: ViewState<K> | null } = { state: null };
  c.subscribe({ kind } as never, (s) => (box.state = s as ViewState<K>), id);
  return box;
}

function playbackOf(c: LiveClient) {
  const box: { last: ReplayPlaybackUpdate | null } = { last: null };
  c.onReplayPlayback((u) => {
    if (u.id === id) box.last = u;
  });
  return box;
}

beforeAll(async () => {
  web = await startTestWeb("replay-pb");
  const v = await web.createUser("replay-viewer", "viewer");
  viewerCookie = await web.signIn(v.username, v.password);
  const o = await web.createUser("replay-operator", "operator");
  operatorCookie = await web.signIn(o.username, o.password);

  const db = new pg.Client({ connectionString: web.env.databaseUrl });
  await db.connect();
  try {
    const rows = sources.flatMap((s) => Array.from({ length: minutes }, (_, m) => snapshot(s, m + 1)));
    await db.query(
      `insert into frame_snapshots ("group", t, source, frame)
       select $1, t, s, f from unnest($2::bigint[], $3::text[], $4::jsonb[]) as u(t, s, f)`,
      [
        replayStream(id),
        rows.map((f) => Math.floor(f.watermark! / 1000)),
        rows.map((f) => f.source),
        rows.map((f) => JSON.stringify(f)),
      ],
    );
    await db.query(
      `insert into metric_buckets ("group", resolution, series, bucket, key, value)
       select $1, 60, 'orders.status', b, 'created', 2000 from unnest($2::bigint[]) as u(b)`,
      [replayStream(id), Array.from({ length: minutes }, (_, m) => start + m * 60)],
    );
  } finally {
    await db.end();
  }
  const store = createReplayStore({ databaseUrl: web.env.databaseUrl });
  await store.create({
    id,
    name: "launch night",
    from: start * 1000,
    to: (start + 6 * 3600 + 60) * 1000,
    overrides: [],
    baselineId: null,
  });
  const fired = {
    v: 1 as const,
    fingerprint: "shop-7",
    rule: "shop-overloaded",
    labels: { shop: "7", severity: "critical" },
    annotations: {},
    value: 2,
    sentAt: 0,
  };
  await store.addAlerts(id, [
    { ...fired, state: "firing", startsAt: (start + 2 * 3600) * 1000, endsAt: null },
    { ...fired, state: "resolved", startsAt: (start + 2 * 3600) * 1000, endsAt: (start + 3 * 3600) * 1000 },
  ]);
  await store.finish(id, "done", summarize([], new Map(), await store.alerts(id)));
  await store.close();
});

afterAll(async () => {
  for (const c of clients) c.close();
  await web?.close();
});

describe("replay playback", () => {
  it("two viewers of one link share the playback; the views show the snapshots at the position", async () => {
    const a = client();
    const b = client(operatorCookie);
    const aPlayback = playbackOf(a);
    const joinedA = await waitFor(
      async () => {
        const r = await a.joinReplay(id);
        return r.ok ? r.joined : null;
      },
      { what: "viewer A to join" },
    );
    expect(joinedA.playback).toMatchObject({ from: start * 1000, playing: false, position: start * 1000 });
    expect(joinedA.timeline.points.length).toBeGreaterThan(100);
    expect(joinedA.timeline.points.at(-1)?.ordersCreated).toBe(2000 * minutes);
    expect(joinedA.timeline.milestones).toEqual([
      { orders: 100_000, at: (start + 50 * 60) * 1000 },
      { orders: 500_000, at: (start + 250 * 60) * 1000 },
    ]);
    expect(joinedA.timeline.alerts).toEqual([
      expect.objectContaining({
        rule: "shop-overloaded",
        from: (start + 2 * 3600) * 1000,
        to: (start + 3 * 3600) * 1000,
      }),
    ]);
    const joinedB = await waitFor(
      async () => {
        const r = await b.joinReplay(id);
        return r.ok ? r.joined : null;
      },
      { what: "viewer B to join" },
    );
    expect(joinedB.viewers).toBe(2);

    const overview = watch(a, "overview");
    const alerts = watch(a, "alerts");

    // B seeks to 2.5 h: A's playback and views follow.
    const r = await b.controlReplay(id, { action: "seek", t: (start + 2.5 * 3600) * 1000 });
    expect(r.ok).toBe(true);
    await waitFor(() => aPlayback.last?.playback.position === (start + 2.5 * 3600) * 1000, {
      what: "A to see B's seek",
    });
    await waitFor(() => overview.state?.view?.totals.ordersCreated === 2000 * 150, {
      what: "orders at 2.5 h",
    });
    await waitFor(() => alerts.state?.view?.alerts.map((x) => x.id).join() === "shop-7", {
      what: "the alert firing at 2.5 h",
    });

    // The 5-hour mark.
    await b.controlReplay(id, { action: "seek", t: (start + 5 * 3600) * 1000 });
    await waitFor(() => overview.state?.view?.totals.ordersCreated === 2000 * 300, { what: "orders at 5 h" });
    await waitFor(() => alerts.state?.view?.alerts.length === 0, { what: "the alert resolved by 5 h" });
    // The chart shows the 15 minutes before the position, per second, nothing after it.
    const samples = overview.state!.samples;
    expect(samples.at(-1)!.t).toBeLessThanOrEqual(start + 5 * 3600);
    expect(samples[0]!.t).toBeGreaterThanOrEqual(start + 5 * 3600 - 16 * 60);

    // Play at 1000x: both see it move; pause holds it.
    await b.controlReplay(id, { action: "speed", speed: 1000 });
    await b.controlReplay(id, { action: "play" });
    await waitFor(() => (aPlayback.last?.playback.position ?? 0) > (start + 5 * 3600 + 300) * 1000, {
      what: "the playback to move",
    });
    await waitFor(() => (overview.state?.view?.totals.ordersCreated ?? 0) > 2000 * 305, {
      what: "views to follow the playback",
    });
    const paused = await b.controlReplay(id, { action: "pause" });
    expect(paused.ok && paused.playback.playing).toBe(false);
    const held = paused.ok ? paused.playback.position : 0;
    await new Promise((res) => setTimeout(res, 600));
    expect(aPlayback.last?.playback.position).toBe(held);

    // Seek back to 1 h: the views and the charts start over there.
    await b.controlReplay(id, { action: "seek", t: (start + 3600) * 1000 });
    await waitFor(() => overview.state?.view?.totals.ordersCreated === 2000 * 60, { what: "orders at 1 h" });
    await waitFor(() => (overview.state?.samples.at(-1)?.t ?? Number.POSITIVE_INFINITY) <= start + 3600, {
      what: "the chart to reset to 1 h",
    });
  });

  it("refuses replay views to a socket that did not join, and unknown replays", async () => {
    const c = client(operatorCookie);
    await waitFor(() => c.connection().state === "connected", { what: "connection" });
    const unknown = await c.joinReplay("zzzznotareplay");
    expect(unknown).toEqual({ ok: false, error: expect.stringContaining("no replay") });
    const notJoined = await c.controlReplay(id, { action: "play" });
    expect(notJoined).toEqual({ ok: false, error: expect.stringContaining("join replay") });
  });

  it("replay:control is refused to viewers: a viewer cannot play, pause or seek the playback everyone shares", async () => {
    const v = client();
    await waitFor(async () => ((await v.joinReplay(id)).ok ? true : null), { what: "the viewer to join" });
    const before = (await v.joinReplay(id)) as { ok: true; joined: { playback: { position: number } } };
    const r = await v.controlReplay(id, { action: "seek", t: (start + 600) * 1000 });
    expect(r).toEqual({ ok: false, error: expect.stringContaining("operator") });
    const after = (await v.joinReplay(id)) as { ok: true; joined: { playback: { position: number } } };
    expect(after.joined.playback.position).toBe(before.joined.playback.position);
  });

  it("replay:join is capped per socket: at most 3 replays open on one connection", async () => {
    // Three more finished replays over the same snapshots.
    const store = createReplayStore({ databaseUrl: web.env.databaseUrl });
    const extra = [1, 2, 3].map((i) => `${id}x${i}`);
    try {
      for (const x of extra) {
        await store.create({
          id: x,
          name: `copy ${x}`,
          from: start * 1000,
          to: (start + 6 * 3600 + 60) * 1000,
          overrides: [],
          baselineId: null,
          framesGroup: replayStream(id),
        });
        await store.finish(x, "done", summarize([], new Map(), []));
      }
    } finally {
      await store.close();
    }
    const c = client();
    await waitFor(async () => ((await c.joinReplay(id)).ok ? true : null), { what: "the first join" });
    for (const x of extra.slice(0, 2)) expect((await c.joinReplay(x)).ok, x).toBe(true);
    expect(await c.joinReplay(extra[2]!)).toEqual({
      ok: false,
      error: expect.stringContaining("at most 3 replays"),
    });
    c.leaveReplay(extra[0]!);
    await waitFor(async () => ((await c.joinReplay(extra[2]!)).ok ? true : null), {
      what: "a join once one was left",
    });
  });

  it("serves the timeline and the CSV report, and checks who may start what", async () => {
    const get = (path: string) => fetch(`${web.server.url}${path}`, { headers: { cookie: viewerCookie } });
    const tl = await get(`/api/v1/replays/${id}/timeline`);
    expect(tl.status).toBe(200);
    // Parsed with the contract the replay report parses with (core/api/replays.ts).
    const body = ReplayTimelineResponseSchema.parse(await tl.json());
    expect(body.from).toBe(start * 1000);
    const csv = await get(`/api/v1/replays/${id}/report.csv`);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(await csv.text()).toMatch(/^section,key,value\n/);
    expect((await fetch(`${web.server.url}/api/v1/replays/${id}`)).status).toBe(401);

    const post = (cookie: string, body: unknown) =>
      fetch(`${web.server.url}/api/v1/replays`, {
        method: "POST",
        headers: { cookie, "content-type": "application/json", origin: web.server.url },
        body: JSON.stringify(body),
      });
    expect((await post(viewerCookie, { name: "x" })).status).toBe(403);
    const whatIfOnSnapshots = await post(operatorCookie, {
      name: "x",
      source: "snapshots",
      capacity: "shops=2x",
    });
    expect(whatIfOnSnapshots.status).toBe(400);
    expect(((await whatIfOnSnapshots.json()) as { error: string }).error).toMatch(/raw events/);
    const badCapacity = await post(operatorCookie, { name: "x", capacity: "shops=lots" });
    expect(badCapacity.status).toBe(400);
  });

  it("replays a range of the live snapshots at once, and plays it", async () => {
    // Live snapshots (group `live`) an hour long, per second, somewhere no other test writes.
    const liveStart = 978_307_200; // 2001-01-01
    const db = new pg.Client({ connectionString: web.env.databaseUrl });
    await db.connect();
    try {
      const rows = Array.from({ length: 3600 }, (_, i) => {
        const f = snapshot("live-w", 0);
        f.watermark = (liveStart + i + 1) * 1000;
        f.totals.ordersCreated = (i + 1) * 10;
        return f;
      });
      await db.query(
        `insert into frame_snapshots ("group", t, source, frame)
         select 'live', t, 'live-w', f from unnest($1::bigint[], $2::jsonb[]) as u(t, f)`,
        [rows.map((f) => f.watermark! / 1000), rows.map((f) => JSON.stringify(f))],
      );
    } finally {
      await db.end();
    }
    const r = await fetch(`${web.server.url}/api/v1/replays`, {
      method: "POST",
      headers: { cookie: operatorCookie, "content-type": "application/json", origin: web.server.url },
      body: JSON.stringify({
        name: "first hour, as it happened",
        source: "snapshots",
        from: new Date(liveStart * 1000).toISOString(),
        to: (liveStart + 3601) * 1000,
      }),
    });
    expect(r.status).toBe(201);
    const { replay } = ReplayCreatedResponseSchema.parse(await r.json()) as {
      replay: { id: string; status: string; summary: { totals: { ordersCreated: number } } };
    };
    expect(replay.status).toBe("done");
    expect(replay.summary.totals.ordersCreated).toBe(36_000);

    const c = client(operatorCookie);
    const joined = await waitFor(
      async () => {
        const j = await c.joinReplay(replay.id);
        return j.ok ? j.joined : null;
      },
      { what: "the snapshot replay" },
    );
    expect(joined.replay.source).toBe("snapshots");
    const box: { state: ViewState<"overview"> | null } = { state: null };
    c.subscribe({ kind: "overview" }, (s) => (box.state = s as ViewState<"overview">), replay.id);
    await c.controlReplay(replay.id, { action: "seek", t: (liveStart + 1800) * 1000 });
    await waitFor(() => box.state?.view?.totals.ordersCreated === 18_000, { what: "the snapshot at 30 min" });
  });
});
