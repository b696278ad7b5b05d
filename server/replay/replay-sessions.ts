/**
 * The replays being watched on this web process: one session per replay, opened by the first
 * viewer, shared by every later one (a shared link shows the same playback), closed a while
 * after the last viewer left. Opening reads the replay, builds its timeline and starts the clock.
 */

import type { ReplayRow } from "../../adapters/db/replay-store";
import type { Logger } from "../../adapters/log";
import type { CapacityTable } from "../../core/capacity/capacity-table";
import { describeError, LaunchwatchError } from "../../core/errors";
import type { AlertChange } from "../../core/live/alert-annotations";
import { type HistoryPlan, planHistory, type SnapshotRow } from "../../core/live/history";
import { capacityFromTable } from "../../core/live/reference-capacity";
import { applyCapacityOverrides } from "../../core/replay/capacity-overrides";
import { type CumulativeOrders, cumulativeOrders } from "../../core/replay/cumulative";
import { initialPlayback } from "../../core/replay/playback";
import { buildTimeline, type ReplayTimeline } from "../../core/replay/timeline";
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

export interface ReplaySessions {
  /** The replay's timeline without opening a playback (the printable report). */
  timeline(id: string): Promise<ReplayTimelineResult>;
  /** Opens (or joins) the replay's session and counts a viewer. */
  open(id: string): Promise<OpenReplay>;
  /** The open session, if any (no viewer counted). */
  get(id: string): OpenReplay | null;
  /** A viewer left; the session closes `idleCloseMs` after the last one. */
  release(id: string): void;
  viewers(id: string): number;
  /** Called when a session opens (the socket layer wires its hub) and closes. */
  onOpen(listener: (id: string, open: OpenReplay) => void): () => void;
  onClose(listener: (id: string) => void): () => void;
  close(): void;
}

export class ReplayNotReadyError extends LaunchwatchError {}
/** This process has as many playbacks open as it allows; retry when one closes. */
export class ReplaySessionsFullError extends LaunchwatchError {}

export function createReplaySessions({
  data,
  logger,
  idleCloseMs = 5 * 60_000,
  tickMs,
  clock = Date.now,
  maxOpen = 20,
  timelineCacheMs = 5 * 60_000,
}: {
  data: ReplayData;
  logger: Logger;
  /** Default 5 minutes. */
  idleCloseMs?: number;
  /** Playbacks open at once in this process (default 20); one nobody watches is closed to make room. */
  maxOpen?: number;
  /** How long a timeline read without a playback is reused (default 5 min; a finished replay does not change). */
  timelineCacheMs?: number;
  tickMs?: number;
  clock?: () => number;
}): ReplaySessions {
  const opening = new Map<string, Promise<OpenReplay>>();
  const open = new Map<string, OpenReplay>();
  const viewers = new Map<string, number>();
  const closeTimers = new Map<string, NodeJS.Timeout>();
  const openListeners = new Set<(id: string, o: OpenReplay) => void>();
  const closeListeners = new Set<(id: string) => void>();
  const timelines = new Map<string, { at: number; result: Promise<ReplayTimelineResult> }>();

  async function loadTimeline(
    id: string,
  ): Promise<
    ReplayTimelineResult & { changes: AlertChange[]; table: CapacityTable; cumulative?: CumulativeOrders }
  > {
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

  async function load(id: string): Promise<OpenReplay> {
    const { replay, timeline, changes, table, cumulative, from, to } = await loadTimeline(id);
    const group = replay.framesGroup;
    const session = createReplaySession({
      playback: initialPlayback(from, to, 60),
      frames: {
        between: (after, to, limit) => data.framesBetween(group, after, to, limit),
        at: (t) => data.framesAt(group, t, 3600),
      },
      alerts: changes,
      capacity: capacityFromTable(applyCapacityOverrides(table, replay.overrides)),
      logger: logger.child({ replay: id }),
      stepSec: replay.source === "kafka" ? 60 : 1,
      ordersAt: cumulative?.at,
      tickMs,
      clock,
    });
    return { replay, timeline, session };
  }

  const closeNow = (id: string) => {
    const o = open.get(id);
    if (!o) return;
    o.session.close();
    open.delete(id);
    viewers.delete(id);
    for (const l of closeListeners) l(id);
  };

  return {
    async timeline(id) {
      const o = open.get(id);
      if (o)
        return {
          replay: o.replay,
          timeline: o.timeline,
          from: o.session.playback().from,
          to: o.session.playback().to,
        };
      const cached = timelines.get(id);
      if (cached && clock() - cached.at < timelineCacheMs) return cached.result;
      const result = loadTimeline(id).then(({ replay, timeline, from, to }) => ({
        replay,
        timeline,
        from,
        to,
      }));
      if (timelines.size >= 100) timelines.delete(timelines.keys().next().value!);
      timelines.set(id, { at: clock(), result });
      result.catch(() => timelines.delete(id));
      return result;
    },
    async open(id) {
      if (!open.has(id) && !opening.has(id) && open.size + opening.size >= maxOpen) {
        const idle = [...open.keys()].find((k) => (viewers.get(k) ?? 0) === 0);
        if (idle === undefined)
          throw new ReplaySessionsFullError(`${maxOpen} replays are being played here; try again later`);
        clearTimeout(closeTimers.get(idle));
        closeTimers.delete(idle);
        closeNow(idle);
      }
      clearTimeout(closeTimers.get(id));
      closeTimers.delete(id);
      viewers.set(id, (viewers.get(id) ?? 0) + 1);
      try {
        const have = open.get(id);
        if (have) return have;
        let p = opening.get(id);
        if (!p) {
          p = load(id).then((o) => {
            open.set(id, o);
            for (const l of openListeners) l(id, o);
            return o;
          });
          opening.set(id, p);
          p.finally(() => opening.delete(id)).catch(() => {});
        }
        return await p;
      } catch (err) {
        const n = (viewers.get(id) ?? 1) - 1;
        if (n > 0) viewers.set(id, n);
        else viewers.delete(id);
        if (!(err instanceof ReplayNotReadyError))
          logger.warn("replay could not be opened", { id, error: describeError(err) });
        throw err;
      }
    },
    get: (id) => open.get(id) ?? null,
    release(id) {
      const n = (viewers.get(id) ?? 0) - 1;
      if (n > 0) {
        viewers.set(id, n);
        return;
      }
      viewers.set(id, 0);
      clearTimeout(closeTimers.get(id));
      const t = setTimeout(() => {
        closeTimers.delete(id);
        if ((viewers.get(id) ?? 0) === 0) closeNow(id);
      }, idleCloseMs);
      t.unref();
      closeTimers.set(id, t);
    },
    viewers: (id) => viewers.get(id) ?? 0,
    onOpen(l) {
      openListeners.add(l);
      return () => openListeners.delete(l);
    },
    onClose(l) {
      closeListeners.add(l);
      return () => closeListeners.delete(l);
    },
    close() {
      for (const t of closeTimers.values()) clearTimeout(t);
      for (const id of [...open.keys()]) closeNow(id);
    },
  };
}
