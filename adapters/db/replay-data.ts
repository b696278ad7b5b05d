/**
 * The one replay data port of the web process: the replays table, the snapshots and the alert
 * history, as the replay sessions (playback) and the replay launcher read them. The alert rows
 * become AlertChanges here, once: the live ones from `alert_events`, a Kafka replay's own from
 * `replay_alerts`.
 */

import type { CapacityTable } from "../../core/capacity/capacity-table";
import type { AlertChange } from "../../core/live/alert-annotations";
import type { HistoryPlan } from "../../core/live/history";
import type { AlertingQueries } from "./alerting-queries";
import type { ReplayFrames } from "./replay-frames";
import type { ReplayRow, ReplayStore } from "./replay-store";

export interface ReplayDataOptions {
  store: ReplayStore;
  /** The whole-range snapshot reads of a replay's report and timeline. */
  frames: ReplayFrames;
  alerting: AlertingQueries;
  /** The capacity table (the caller's cached reader). */
  capacityTable: () => Promise<CapacityTable>;
}

export function createReplayData({ store, frames, alerting, capacityTable }: ReplayDataOptions) {
  const liveAlertChanges = async (from: number, to: number): Promise<AlertChange[]> =>
    (await alerting.listAlertEvents({ from, to, limit: 5000 })).map((e) => ({
      fingerprint: e.fingerprint,
      rule: e.rule,
      state: e.state,
      at: e.at,
      labels: e.labels,
    }));
  const replayAlertChanges = async (id: string): Promise<AlertChange[]> =>
    (await store.alerts(id)).map((a) => ({
      fingerprint: a.fingerprint,
      rule: a.rule,
      state: a.state,
      at: a.state === "resolved" ? (a.endsAt ?? a.startsAt) : a.startsAt,
      labels: a.labels,
    }));
  return {
    get: (id: string) => store.get(id),
    /** The timeline's snapshots (replay sessions): only what the timeline reads of each frame. */
    read: (plan: HistoryPlan, group: string) => frames.read(plan, group, "timeline"),
    /** The launch report's snapshots (snapshot replays): only what the report reads. */
    readSnapshots: (plan: HistoryPlan, group: string) => frames.read(plan, group, "report"),
    framesBetween: (...a: Parameters<ReplayStore["framesBetween"]>) => store.framesBetween(...a),
    framesAt: (...a: Parameters<ReplayStore["framesAt"]>) => store.framesAt(...a),
    extent: (...a: Parameters<ReplayStore["extent"]>) => store.extent(...a),
    createdPerMinute: (...a: Parameters<ReplayStore["createdPerMinute"]>) => store.createdPerMinute(...a),
    endpointSecondsOver: (...a: Parameters<ReplayStore["endpointSecondsOver"]>) =>
      store.endpointSecondsOver(...a),
    capacityTable,
    liveAlertChanges,
    /** The replay's alert changes (its own for Kafka replays, the live ones for snapshot replays). */
    alertChanges: (replay: ReplayRow, from: number, to: number) =>
      replay.source === "snapshots" ? liveAlertChanges(from, to) : replayAlertChanges(replay.id),
  };
}

export type ReplayDataPort = ReturnType<typeof createReplayData>;
