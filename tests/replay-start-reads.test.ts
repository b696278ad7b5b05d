/**
 * Issue 15: a snapshot replay was called instant but took ~25 s before its first frame. Its
 * start reads the whole range twice (the launch report when it is started, the timeline when
 * it is opened), and both read every kept snapshot whole: ~25 KB a frame at full scale, two
 * thirds of it the ~300 cities' windows neither pass reads, shipped, validated and combined for
 * every bucket. Against the web process's own replay data port (server/web-database.ts) and the
 * run's Postgres: those reads now carry only what each pass reads, and the report and the
 * timeline they give are the same as from whole frames.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createPool } from "../adapters/db/pool";
import { silentLogger } from "../adapters/log";
import { planHistory, type SnapshotRow } from "../core/live/history";
import { summarize } from "../core/replay/summary";
import { buildTimeline, combinedPerBucket } from "../core/replay/timeline";
import { openWebDatabase, type WebDatabase } from "../server/web-database";
import { fullScaleCities, fullScaleLaunch } from "./support/full-scale-frames";

const group = `lwtest-start-${randomBytes(3).toString("hex")}`;
/** Twenty minutes of two workers' snapshots, one each per second. */
const from = 1_000_000_000;
const to = from + 1200;
let db: WebDatabase;
const pool = createPool({ connectionString: inject("databaseUrl"), max: 1 });

const bytes = (rows: readonly SnapshotRow[]) => rows.reduce((n, r) => n + JSON.stringify(r.frame).length, 0);

beforeAll(async () => {
  db = openWebDatabase({
    databaseUrl: inject("databaseUrl"),
    clock: Date.now,
    logger: silentLogger,
    capacityTtlMs: 60_000,
  });
  const frames = fullScaleLaunch(from, to);
  for (let i = 0; i < frames.length; i += 400) {
    const batch = frames.slice(i, i + 400);
    await pool.query(
      `insert into frame_snapshots ("group", t, source, frame)
       select $1, t, s, f from unnest($2::bigint[], $3::text[], $4::jsonb[]) as u(t, s, f)`,
      [
        group,
        batch.map((f) => f.watermark! / 1000),
        batch.map((f) => f.source),
        batch.map((f) => JSON.stringify(f)),
      ],
    );
  }
});

afterAll(async () => {
  await pool.query(`delete from frame_snapshots where "group" = $1`, [group]);
  await pool.end();
  await db?.close();
});

describe("the reads a replay's start waits for", () => {
  it("the report reads the kept snapshots without their cities: under half the bytes, the same report", async () => {
    // As a snapshot replay plans its report: one view per minute.
    const plan = planHistory(from + 1, to, Math.ceil((to - from) / 60));
    const whole = await db.snapshotReader.read(plan, group);
    const lean = await db.replayData.readSnapshots(plan, group);
    expect(Object.keys(whole[0]!.frame.byCity)).toHaveLength(fullScaleCities);
    expect(lean).toHaveLength(whole.length);
    for (const r of lean) {
      expect(r.frame.byCity).toEqual({});
      expect(r.frame.byCityMade).toBeUndefined();
      expect(r.frame.topShops.length).toBeGreaterThan(0);
    }
    expect(bytes(lean)).toBeLessThan(bytes(whole) / 2);
    const caps = new Map([["Heytea", 50]]);
    const sorted = (rows: SnapshotRow[]) =>
      [...rows].sort((a, b) => a.t - b.t || a.frame.source.localeCompare(b.frame.source));
    expect(summarize(combinedPerBucket(plan, sorted(lean)), caps, [])).toEqual(
      summarize(combinedPerBucket(plan, sorted(whole)), caps, []),
    );
  });

  it("the timeline reads only totals, order rates and shops over capacity: under a tenth of the bytes, the same timeline", async () => {
    // As a replay session plans its timeline: 600 points (here 2 s each).
    const plan = planHistory(from + 1, to, 600);
    expect(plan.step).toBeGreaterThan(1);
    const whole = await db.snapshotReader.read(plan, group);
    const lean = await db.replayData.read(plan, group);
    expect(lean).toHaveLength(whole.length);
    for (const r of lean) {
      expect(r.frame.byCity).toEqual({});
      expect(r.frame.topShops).toEqual([]);
    }
    expect(bytes(lean)).toBeLessThan(bytes(whole) / 10);
    expect(buildTimeline(plan, lean, [])).toEqual(buildTimeline(plan, whole, []));

    // A range short enough for one point a second reads every snapshot, as before.
    const short = planHistory(from + 1, from + 300, 600);
    expect(short.step).toBe(1);
    const shortLean = await db.replayData.read(short, group);
    expect(shortLean).toHaveLength((await db.snapshotReader.read(short, group)).length);
    expect(buildTimeline(short, shortLean, [])).toEqual(
      buildTimeline(short, await db.snapshotReader.read(short, group), []),
    );
  });
});
