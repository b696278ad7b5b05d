/**
 * Snapshot replays: the report of a range computed from the live snapshots alone (no raw events,
 * so no what-ifs), while the request waits. At most `maxAtOnce` at once: each reads its whole range.
 */
import type { ReplayStore } from "../../adapters/db/replay-store";
import type { Alert } from "../../core/alerts/alert";
import type { CapacityTable } from "../../core/capacity/capacity-table";
import { describeError, InvalidInputError } from "../../core/errors";
import type { AlertChange } from "../../core/live/alert-annotations";
import { type HistoryPlan, planHistory, type SnapshotRow } from "../../core/live/history";
import type { CapacityOverride } from "../../core/replay/capacity-overrides";
import { applyRangeFigures, type RangeFiguresData } from "../../core/replay/range-figures";
import type { ReplayInfo } from "../../core/replay/replay-info";
import type { RuleOverride } from "../../core/replay/rule-overrides";
import { summarize } from "../../core/replay/summary";
import { combinedPerBucket } from "../../core/replay/timeline";
import { ReplayBusyError } from "./replay-errors";

export interface SnapshotReplayDeps {
  store: ReplayStore;
  readSnapshots(plan: HistoryPlan, group: string): Promise<SnapshotRow[]>;
  liveAlertChanges(fromMs: number, toMs: number): Promise<AlertChange[]>;
  capacityTable(): Promise<CapacityTable>;
  /** Created orders per minute and endpoint seconds over capacity of a stream (see ReplayStore). */
  createdPerMinute: RangeFiguresData["createdPerMinute"];
  endpointSecondsOver: RangeFiguresData["endpointSecondsOver"];
}

export interface SnapshotReplayRequest {
  name: string;
  /** Event-time ms; default: all the data. */
  from?: number;
  to?: number;
  baselineId: string | null;
  /** Must be empty: what-ifs need the raw events. */
  overrides: readonly CapacityOverride[];
  ruleOverrides: readonly RuleOverride[];
}

export function createSnapshotReplays(
  d: SnapshotReplayDeps,
  maxAtOnce: number,
): { start(id: string, input: SnapshotReplayRequest): Promise<ReplayInfo> } {
  let computing = 0;
  return {
    async start(id, input) {
      if (input.overrides.length || input.ruleOverrides.length)
        throw new InvalidInputError(
          "what-ifs (capacities, rules) need the raw events: use source kafka (snapshots only replay what happened)",
        );
      if (computing >= maxAtOnce)
        throw new ReplayBusyError(`${computing} snapshot replay(s) being computed; try again in a moment`);
      computing++;
      try {
        return await computeSnapshotReplay(d, id, input);
      } finally {
        computing--;
      }
    },
  };
}

/** Records the replay, computes its report from the live snapshots and stores it (or why it failed). */
async function computeSnapshotReplay(
  d: SnapshotReplayDeps,
  id: string,
  input: SnapshotReplayRequest,
): Promise<ReplayInfo> {
  const from = input.from ?? 0;
  const to = input.to ?? Number.MAX_SAFE_INTEGER;
  await d.store.create({
    id,
    name: input.name,
    from,
    to,
    overrides: [],
    baselineId: input.baselineId,
    source: "snapshots",
    framesGroup: "live",
  });
  try {
    const extent = await d.store.extent(
      "live",
      Math.floor(from / 1000),
      Math.floor(Math.min(to, 8.64e15) / 1000),
    );
    if (!extent)
      throw new InvalidInputError("no live snapshots in this range (check from/to and the retention)");
    // One view per minute: the report's minutes over capacity need no finer steps.
    const plan = planHistory(extent.from, extent.to, Math.ceil((extent.to - extent.from + 1) / 60));
    const [rows, changes, table] = await Promise.all([
      d.readSnapshots(plan, "live"),
      d.liveAlertChanges(extent.from * 1000, (extent.to + 1) * 1000),
      d.capacityTable(),
    ]);
    const chainCap = new Map(table.chains.map((c, i) => [c, table.chainCapacityPerMin[i]!]));
    const summary = summarize(combinedPerBucket(plan, rows), chainCap, asAlerts(changes));
    // The range is fixed now: a report over "all the data" does not grow with the launch.
    await applyRangeFigures(summary, d, {
      stream: "live",
      fromMs: extent.from * 1000,
      toMs: (extent.to + 1) * 1000,
      table,
    });
    await d.store.finish(id, "done", summary);
  } catch (err) {
    await d.store.finish(id, "failed", null, describeError(err));
    throw err;
  }
  return (await d.store.get(id))!;
}

/** The live group's snapshot alert changes in the shape the report reads. */
function asAlerts(changes: readonly AlertChange[]): Alert[] {
  return changes
    .filter((c) => c.state !== "pending")
    .map((c) => ({
      v: 1 as const,
      fingerprint: c.fingerprint,
      rule: c.rule,
      state: c.state,
      labels: c.labels,
      annotations: {},
      startsAt: c.at,
      endsAt: c.state === "resolved" ? c.at : null,
      value: 0,
      sentAt: 0,
    }));
}
