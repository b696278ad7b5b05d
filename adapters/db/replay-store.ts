/**
 * Replays in Postgres: the replay row (its configuration, progress and report) here; its
 * snapshots (replay-snapshots.ts), aggregate figures (replay-aggregates.ts) and alerts
 * (replay-alerts.ts) beside, one store over one pool.
 */

import type pg from "pg";
import { CapacityOverrideSchema } from "../../core/replay/capacity-overrides";
import type { ReplayProgress } from "../../core/replay/progress";
import type { ReplayInfo, ReplaySource } from "../../core/replay/replay-info";
import { RuleOverrideSchema } from "../../core/replay/rule-overrides";
import type { LaunchSummary } from "../../core/replay/summary";
import { createPool } from "./pool";
import { createReplayAggregateReads, type ReplayAggregateReads } from "./replay-aggregates";
import { createReplayAlerts, type ReplayAlerts } from "./replay-alerts";
import { createReplaySnapshotReads, type ReplaySnapshotReads } from "./replay-snapshots";

/** A replay row is the replay as the dashboard shows it. */
export type ReplayRow = ReplayInfo;
export type { ReplaySource };

/** Snapshot group and aggregate stream name of a replay. */
export const replayStream = (id: string): string => `replay-${id}`;

/** The replay rows; their snapshots, aggregates and alerts through the parts it extends. */
export interface ReplayStore extends ReplaySnapshotReads, ReplayAggregateReads, ReplayAlerts {
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
    ...createReplaySnapshotReads(pool),
    ...createReplayAggregateReads(pool),
    ...createReplayAlerts(pool),
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
