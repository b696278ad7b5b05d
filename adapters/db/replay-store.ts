/** Replays in Postgres: the replay row (its configuration and report), its alerts, its snapshots. */
import pg from "pg";
import type { Alert } from "../../core/alerts/alert";
import type { Frame } from "../../core/frames/frame";
import { type CapacityOverride, CapacityOverrideSchema } from "../../core/replay/capacity-overrides";
import type { LaunchSummary } from "../../core/replay/summary";

export interface ReplayRow {
  id: string;
  name: string;
  from: number;
  to: number;
  overrides: CapacityOverride[];
  baselineId: string | null;
  status: "running" | "done" | "failed";
  summary: LaunchSummary | null;
}

/** Snapshot group and aggregate stream name of a replay. */
export const replayStream = (id: string): string => `replay-${id}`;

export interface ReplayStore {
  create(r: Omit<ReplayRow, "status" | "summary">): Promise<void>;
  get(id: string): Promise<ReplayRow | null>;
  /** Stores alert state changes (not re-sends). */
  addAlerts(id: string, alerts: readonly Alert[]): Promise<void>;
  alerts(id: string): Promise<Alert[]>;
  /** Snapshots of a group in event-time order, grouped per second: one frame per worker. */
  snapshots(group: string): Promise<Array<{ t: number; frames: Frame[] }>>;
  finish(id: string, status: "done" | "failed", summary: LaunchSummary | null): Promise<void>;
  close(): Promise<void>;
}

export function createReplayStore({ databaseUrl }: { databaseUrl: string }): ReplayStore {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  return {
    async create(r) {
      await pool.query(
        "insert into replays (id, name, from_ts, to_ts, overrides, baseline_id) values ($1, $2, $3, $4, $5, $6)",
        [r.id, r.name, r.from, r.to, JSON.stringify(r.overrides), r.baselineId],
      );
    },
    async get(id) {
      const { rows } = await pool.query("select * from replays where id = $1", [id]);
      const row = rows[0];
      if (!row) return null;
      return {
        id: row.id,
        name: row.name,
        from: Number(row.from_ts),
        to: Number(row.to_ts),
        overrides: CapacityOverrideSchema.array().parse(row.overrides),
        baselineId: row.baseline_id,
        status: row.status,
        summary: row.summary,
      };
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
    async finish(id, status, summary) {
      await pool.query("update replays set status = $2, summary = $3, finished_at = now() where id = $1", [
        id,
        status,
        summary === null ? null : JSON.stringify(summary),
      ]);
    },
    close: () => pool.end(),
  };
}
