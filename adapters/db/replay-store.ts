/** Replays in Postgres: the replay row (its configuration and report), its alerts, its snapshots. */

import type pg from "pg";
import type { Alert } from "../../core/alerts/alert";
import { type Frame, FrameSchema } from "../../core/frames/frame";
import type { SnapshotRow } from "../../core/live/history";
import { CapacityOverrideSchema } from "../../core/replay/capacity-overrides";
import type { ReplayProgress } from "../../core/replay/progress";
import type { ReplayInfo, ReplaySource } from "../../core/replay/replay-info";
import { RuleOverrideSchema } from "../../core/replay/rule-overrides";
import type { LaunchSummary } from "../../core/replay/summary";
import { createPool } from "./pool";

/** A replay row is the replay as the dashboard shows it. */
export type ReplayRow = ReplayInfo;
export type { ReplaySource };

/** Snapshot group and aggregate stream name of a replay. */
export const replayStream = (id: string): string => `replay-${id}`;

export interface ReplayStore {
  create(
    r: Omit<
      ReplayRow,
      "status" | "summary" | "progress" | "error" | "createdAt" | "source" | "framesGroup" | "ruleOverrides"
    > &
      Partial<Pick<ReplayRow, "source" | "framesGroup" | "ruleOverrides">>,
  ): Promise<void>;
  get(id: string): Promise<ReplayRow | null>;
  /** Newest first. */
  list(limit?: number): Promise<ReplayRow[]>;
  /** Stores alert state changes (not re-sends). */
  addAlerts(id: string, alerts: readonly Alert[]): Promise<void>;
  alerts(id: string): Promise<Alert[]>;
  /** Snapshots of a group in event-time order, grouped per second: one frame per worker. */
  snapshots(group: string): Promise<Array<{ t: number; frames: Frame[] }>>;
  /** Snapshots of `group` with `afterSec` < t <= `toSec`, oldest first, at most `limit` rows. */
  framesBetween(group: string, afterSec: number, toSec: number, limit: number): Promise<SnapshotRow[]>;
  /**
   * Created orders per event-time minute of an aggregate stream (`live`, `replay-<id>`) within
   * [fromSec, toSec], and those before `fromSec`: from the stored aggregates, exact in event time.
   */
  createdPerMinute(
    stream: string,
    fromSec: number,
    toSec: number,
  ): Promise<{ before: number; minutes: Array<{ t: number; created: number }> }>;
  /**
   * Seconds of [fromSec, toSec) in which each endpoint received more requests than its capacity
   * per second, from the stream's per-second `api.requests` aggregates (endpoints never over
   * are left out). What the report's "minutes over capacity" per endpoint counts. Null when the
   * stream holds no per-second requests in the range (not known, not zero).
   */
  endpointSecondsOver(
    stream: string,
    fromSec: number,
    toSec: number,
    capacityPerSec: Readonly<Record<string, number>>,
  ): Promise<Record<string, number> | null>;
  /** First and last snapshot second of `group` within [fromSec, toSec]; null when there is none. */
  extent(group: string, fromSec: number, toSec: number): Promise<{ from: number; to: number } | null>;
  /** The newest snapshot of each source at or before `atSec` (not older than `lookbackSec`). */
  framesAt(group: string, atSec: number, lookbackSec: number): Promise<SnapshotRow[]>;
  finish(
    id: string,
    status: "done" | "failed",
    summary: LaunchSummary | null,
    error?: string | null,
  ): Promise<void>;
  /**
   * A running replay's runner is alive: stores its progress and the time; answers whether a
   * cancel was asked for (false once the replay is no longer running).
   */
  heartbeat(id: string, progress: ReplayProgress | null): Promise<{ cancelRequested: boolean }>;
  /** Asks the replay's runner, wherever it runs, to stop; false when it is not running. */
  requestCancel(id: string): Promise<boolean>;
  /**
   * Marks failed the running replays whose runner has not said it is alive for `staleMs` (its
   * process died: nothing will finish them). Returns their ids.
   */
  failAbandoned(staleMs: number, error: string): Promise<string[]>;
  close(): Promise<void>;
}

// biome-ignore lint/suspicious/noExplicitAny: a pg row, mapped field by field.
function toRow(row: any): ReplayRow {
  return {
    id: row.id,
    name: row.name,
    from: Number(row.from_ts),
    to: Number(row.to_ts),
    overrides: CapacityOverrideSchema.array().parse(row.overrides),
    ruleOverrides: RuleOverrideSchema.array().parse(row.rule_overrides ?? []),
    baselineId: row.baseline_id,
    source: row.source === "snapshots" ? "snapshots" : "kafka",
    framesGroup: row.frames_group ?? replayStream(row.id),
    status: row.status,
    summary: row.summary,
    progress: row.status === "running" ? (row.progress ?? null) : null,
    error: row.error ?? null,
    createdAt: new Date(row.created_at).getTime(),
  };
}

/** Frames that do not match the schema (an older version, a damaged row) are left out. */
function frames(rows: Array<{ t: string; frame: unknown }>): SnapshotRow[] {
  const out: SnapshotRow[] = [];
  for (const r of rows) {
    const parsed = FrameSchema.safeParse(r.frame);
    if (parsed.success) out.push({ t: Number(r.t), frame: parsed.data });
  }
  return out;
}

/**
 * `databaseUrl`: a pool of its own (2 connections), closed by `close()`; `pool`: the process's
 * pool for this database, which `close()` leaves open (its owner ends it).
 */
export function createReplayStore(
  opts: { databaseUrl: string; pool?: undefined } | { pool: pg.Pool; databaseUrl?: undefined },
): ReplayStore {
  const owned = opts.pool === undefined;
  const pool = opts.pool ?? createPool({ connectionString: opts.databaseUrl, max: 2 });
  return {
    async create(r) {
      await pool.query(
        `insert into replays (id, name, from_ts, to_ts, overrides, baseline_id, source, frames_group, rule_overrides)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          r.id,
          r.name,
          r.from,
          r.to,
          JSON.stringify(r.overrides),
          r.baselineId,
          r.source ?? "kafka",
          r.framesGroup ?? null,
          JSON.stringify(r.ruleOverrides ?? []),
        ],
      );
    },
    async get(id) {
      const { rows } = await pool.query("select * from replays where id = $1", [id]);
      return rows[0] ? toRow(rows[0]) : null;
    },
    async list(limit = 100) {
      const { rows } = await pool.query("select * from replays order by created_at desc limit $1", [limit]);
      return rows.map(toRow);
    },
    async framesBetween(group, afterSec, toSec, limit) {
      const { rows } = await pool.query(
        `select t, frame from frame_snapshots where "group" = $1 and t > $2 and t <= $3
         order by t, source limit $4`,
        [group, afterSec, toSec, limit],
      );
      return frames(rows);
    },
    async createdPerMinute(stream, fromSec, toSec) {
      const created = `"group" = $1 and series = 'orders.status' and key = 'created' and resolution > 0`;
      const [before, minutes] = await Promise.all([
        pool.query<{ n: string | null }>(
          `select sum(value) as n from metric_buckets where ${created} and bucket < $2`,
          [stream, fromSec],
        ),
        pool.query<{ t: string; n: string }>(
          `select (bucket / 60) * 60 as t, sum(value) as n from metric_buckets
           where ${created} and bucket between $2 and $3 group by 1 order by 1`,
          [stream, fromSec, toSec],
        ),
      ]);
      return {
        before: Number(before.rows[0]?.n ?? 0),
        minutes: minutes.rows.map((r) => ({ t: Number(r.t), created: Number(r.n) })),
      };
    },
    async endpointSecondsOver(stream, fromSec, toSec, capacityPerSec) {
      const caps = Object.entries(capacityPerSec).filter(([, c]) => c > 0);
      if (caps.length === 0) return {};
      const { rows } = await pool.query<{ key: string; n: string }>(
        `select m.key, count(*) filter (where m.value > c.cap) as n from metric_buckets m
           join unnest($4::text[], $5::float8[]) as c(k, cap) on c.k = m.key
         where m."group" = $1 and m.series = 'api.requests' and m.resolution = 1
           and m.bucket >= $2 and m.bucket < $3
         group by m.key`,
        [stream, fromSec, toSec, caps.map(([k]) => k), caps.map(([, c]) => c)],
      );
      // No per-second request counts stored for the range: not known here (not zero).
      if (rows.length === 0) return null;
      return Object.fromEntries(rows.filter((r) => Number(r.n) > 0).map((r) => [r.key, Number(r.n)]));
    },
    async extent(group, fromSec, toSec) {
      const { rows } = await pool.query<{ lo: string | null; hi: string | null }>(
        `select min(t) as lo, max(t) as hi from frame_snapshots where "group" = $1 and t between $2 and $3`,
        [group, fromSec, toSec],
      );
      const r = rows[0];
      return r?.lo == null || r.hi == null ? null : { from: Number(r.lo), to: Number(r.hi) };
    },
    async framesAt(group, atSec, lookbackSec) {
      const { rows } = await pool.query(
        `select distinct on (source) t, frame from frame_snapshots
         where "group" = $1 and t <= $2 and t > $3 order by source, t desc`,
        [group, atSec, atSec - lookbackSec],
      );
      return frames(rows).sort((a, b) => a.t - b.t);
    },
    async addAlerts(id, alerts) {
      if (alerts.length === 0) return;
      await pool.query(
        `insert into replay_alerts (replay_id, fingerprint, rule, state, labels, starts_at, ends_at, value)
         select $1, f, r, s, l, a, e, v from unnest($2::text[], $3::text[], $4::text[], $5::jsonb[], $6::bigint[], $7::bigint[], $8::float8[])
           as u(f, r, s, l, a, e, v)`,
        [
          id,
          alerts.map((a) => a.fingerprint),
          alerts.map((a) => a.rule),
          alerts.map((a) => a.state),
          alerts.map((a) => JSON.stringify(a.labels)),
          alerts.map((a) => a.startsAt),
          alerts.map((a) => a.endsAt),
          alerts.map((a) => a.value),
        ],
      );
    },
    async alerts(id) {
      const { rows } = await pool.query("select * from replay_alerts where replay_id = $1 order by seq", [
        id,
      ]);
      return rows.map((r) => ({
        v: 1 as const,
        fingerprint: r.fingerprint,
        rule: r.rule,
        state: r.state,
        labels: r.labels,
        annotations: {},
        startsAt: Number(r.starts_at),
        endsAt: r.ends_at === null ? null : Number(r.ends_at),
        value: r.value,
        sentAt: 0,
      }));
    },
    async snapshots(group) {
      const { rows } = await pool.query<{ t: string; frame: Frame }>(
        `select t, frame from frame_snapshots where "group" = $1 order by t, source`,
        [group],
      );
      const out: Array<{ t: number; frames: Frame[] }> = [];
      for (const r of rows) {
        const t = Number(r.t);
        if (out.at(-1)?.t === t) out.at(-1)!.frames.push(r.frame);
        else out.push({ t, frames: [r.frame] });
      }
      return out;
    },
    async finish(id, status, summary, error = null) {
      await pool.query(
        "update replays set status = $2, summary = $3, error = $4, finished_at = now() where id = $1",
        [id, status, summary === null ? null : JSON.stringify(summary), error],
      );
    },
    async heartbeat(id, progress) {
      const { rows } = await pool.query<{ cancel_requested: boolean }>(
        `update replays set heartbeat_at = now(), progress = coalesce($2, progress)
         where id = $1 and status = 'running' returning cancel_requested`,
        [id, progress === null ? null : JSON.stringify(progress)],
      );
      return { cancelRequested: rows[0]?.cancel_requested ?? false };
    },
    async requestCancel(id) {
      const { rowCount } = await pool.query(
        "update replays set cancel_requested = true where id = $1 and status = 'running'",
        [id],
      );
      return (rowCount ?? 0) > 0;
    },
    async failAbandoned(staleMs, error) {
      const { rows } = await pool.query<{ id: string }>(
        `update replays set status = 'failed', error = $2, finished_at = now()
         where status = 'running' and coalesce(heartbeat_at, created_at) < now() - make_interval(secs => $1)
         returning id`,
        [staleMs / 1000, error],
      );
      return rows.map((r) => r.id);
    },
    close: async () => {
      if (owned) await pool.end();
    },
  };
}
