/**
 * Reading a finished replay to play it: its row, the range its report covers, its timeline
 * (cumulative orders, alert bands, milestones), and then a playback session over its frames.
 */
import type { ReplayRow } from "../../adapters/db/replay-store";
import type { Logger } from "../../adapters/log";
import type { CapacityTable } from "../../core/capacity/capacity-table";
import type { AlertChange } from "../../core/live/alert-annotations";
import { type HistoryPlan, planHistory, type SnapshotRow } from "../../core/live/history";
import { capacityFromTable } from "../../core/live/reference-capacity";
import { applyCapacityOverrides } from "../../core/replay/capacity-overrides";
import { type CumulativeOrders, cumulativeOrders } from "../../core/replay/cumulative";
import { initialPlayback } from "../../core/replay/playback";
import { buildTimeline, type ReplayTimeline } from "../../core/replay/timeline";
import { ReplayNotReadyError } from "./replay-errors";
import { createReplaySession, type ReplaySession } from "./replay-session";

/** What the sessions need from storage. */
export interface ReplayData {
  get(id: string): Promise<ReplayRow | null>;
  /** Snapshots of a group over a plan (at most one per worker and bucket). */
  read(plan: HistoryPlan, group: string): Promise<SnapshotRow[]>;
  framesBetween(group: string, afterSec: number, toSec: number, limit: number): Promise<SnapshotRow[]>;
  framesAt(group: string, atSec: number, lookbackSec: number): Promise<SnapshotRow[]>;
  /** The replay's alert changes (its own for Kafka replays, the live ones for snapshot replays). */
  alertChanges(replay: ReplayRow, fromMs: number, toMs: number): Promise<AlertChange[]>;
  /** First and last snapshot second of a group within [fromSec, toSec]; null if none. */
  extent(group: string, fromSec: number, toSec: number): Promise<{ from: number; to: number } | null>;
  capacityTable(): Promise<CapacityTable>;
  /** Created orders per event-time minute of an aggregate stream (see ReplayStore). */
  createdPerMinute(
    stream: string,
    fromSec: number,
    toSec: number,
  ): Promise<{ before: number; minutes: Array<{ t: number; created: number }> }>;
}

export interface OpenReplay {
  replay: ReplayRow;
  timeline: ReplayTimeline;
  session: ReplaySession;
}

export interface ReplayTimelineResult {
  replay: ReplayRow;
  timeline: ReplayTimeline;
  /** The played range (ms): the replay's bounds where given, else its first and last snapshot. */
  from: number;
  to: number;
}

/** A timeline with what a session is then built from. */
export interface LoadedReplay extends ReplayTimelineResult {
  changes: AlertChange[];
  table: CapacityTable;
  cumulative?: CumulativeOrders;
}

/** Reads a finished replay's timeline; ReplayNotReadyError while there is none to show. */
export async function loadReplayTimeline(data: ReplayData, id: string): Promise<LoadedReplay> {
  const replay = await data.get(id);
  if (!replay) throw new ReplayNotReadyError(`no replay ${id}`);
  if (replay.status !== "done")
    throw new ReplayNotReadyError(
      replay.status === "failed"
        ? `replay ${id} failed: ${replay.error ?? "see the web server log"}`
        : `replay ${id} is still being computed`,
    );
  const group = replay.framesGroup;
  // The range its report covers (a replay of "all the live data" must not grow after it).
  const extent = await data.extent(
    group,
    Math.floor(Math.max(0, replay.from) / 1000),
    Math.floor(Math.min(replay.to, replay.summary?.to ?? 8.64e15, 8.64e15) / 1000),
  );
  if (!extent) throw new ReplayNotReadyError(`replay ${id} has no snapshots in its range`);
  const plan = planHistory(extent.from, extent.to, 600);
  const [rows, changes, table, created] = await Promise.all([
    data.read(plan, group),
    data.alertChanges(replay, extent.from * 1000, (extent.to + 1) * 1000),
    data.capacityTable(),
    data.createdPerMinute(group, extent.from - 60, extent.to),
  ]);
  changes.sort((a, b) => a.at - b.at);
  // No stored aggregates (snapshots kept longer than the aggregates): the frames' totals.
  const cumulative = created.minutes.length ? cumulativeOrders(created.before, created.minutes) : undefined;
  const timeline = buildTimeline(plan, rows, changes, cumulative);
  // "The 5-hour mark" counts from the replay's start when it names one, else from the first
  // minute with orders (the first frame closes that minute, a minute later).
  const firstData = created.minutes[0] ? created.minutes[0].t * 1000 : Number.POSITIVE_INFINITY;
  const from =
    replay.from > 0 && replay.from <= extent.from * 1000
      ? replay.from
      : Math.min(extent.from * 1000, firstData);
  return { replay, timeline, changes, table, cumulative, from, to: extent.to * 1000 };
}

/** Starts the playback of a loaded replay at its start, paused, over its own frames. */
export function openReplaySession(
  data: ReplayData,
  { replay, timeline, changes, table, cumulative, from, to }: LoadedReplay,
  { logger, tickMs, clock }: { logger: Logger; tickMs?: number; clock: () => number },
): OpenReplay {
  const group = replay.framesGroup;
  const session = createReplaySession({
    playback: initialPlayback(from, to, 60),
    frames: {
      between: (after, to, limit) => data.framesBetween(group, after, to, limit),
      at: (t) => data.framesAt(group, t, 3600),
    },
    alerts: changes,
    capacity: capacityFromTable(applyCapacityOverrides(table, replay.overrides)),
    logger: logger.child({ replay: replay.id }),
    stepSec: replay.source === "kafka" ? 60 : 1,
    ordersAt: cumulative?.at,
    tickMs,
    clock,
  });
  return { replay, timeline, session };
}
