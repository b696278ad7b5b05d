/**
 * A Kafka replay's report, once its processes have stopped: the view alert rules over the
 * combined frames in event-time order (deterministic), the launch summary over the replay's
 * range with its exact figures from the aggregates, and for a what-if its baseline's figures
 * over the same range (core/replay/range-figures.ts).
 */
import { createAggregateStore } from "../../adapters/db/aggregate-store";
import { type ReplayStore, replayStream } from "../../adapters/db/replay-store";
import { createRulesStore } from "../../adapters/db/rules-store";
import type { Logger } from "../../adapters/log";
import type { Alert } from "../../core/alerts/alert";
import { viewConditions } from "../../core/alerts/conditions";
import { createRuleEvaluator } from "../../core/alerts/evaluator";
import type { CapacityTable } from "../../core/capacity/capacity-table";
import { applyCapacityOverrides } from "../../core/replay/capacity-overrides";
import { applyRangeFigures, baselineFigures } from "../../core/replay/range-figures";
import type { ReplayRequest } from "../../core/replay/replay-runner";
import { applyRuleOverrides } from "../../core/replay/rule-overrides";
import { type LaunchSummary, summarize } from "../../core/replay/summary";
import { combinedPerBucket } from "../../core/replay/timeline";

const chainCapacity = (table: CapacityTable) =>
  new Map(table.chains.map((c, i) => [c, table.chainCapacityPerMin[i]!]));

export async function writeReplayReport(
  id: string,
  req: ReplayRequest,
  { replays, databaseUrl, logger }: { replays: ReplayStore; databaseUrl: string; logger: Logger },
): Promise<LaunchSummary> {
  const rulesStore = createRulesStore({ databaseUrl, logger });
  const rules = applyRuleOverrides(await rulesStore.load(), req.ruleOverrides ?? []);
  await rulesStore.close();
  const evaluator = createRuleEvaluator({ rules, resendMs: Number.POSITIVE_INFINITY });
  // One view per event-time minute from each process's latest frame: processes close their
  // minutes at different moments, so frames of one minute do not share a `t`.
  const rows = (await replays.snapshots(replayStream(id))).flatMap(({ t, frames }) =>
    frames.map((frame) => ({ t, frame })),
  );
  const first = rows[0]?.t ?? 0;
  const last = rows.at(-1)?.t ?? 0;
  const views = combinedPerBucket({ from: first, to: last, step: 60, resolution: "1m" }, rows);
  const viewAlerts: Alert[] = [];
  for (const { t, view } of views)
    viewAlerts.push(...evaluator.evaluate(t * 1000, (rule) => viewConditions(rule, view)));
  await replays.addAlerts(id, viewAlerts);

  const capacityStore = createAggregateStore({ databaseUrl, poolSize: 1 });
  const base = await capacityStore.loadCapacity();
  await capacityStore.close();
  const table = applyCapacityOverrides(base, req.overrides ?? []);
  const summary = summarize(views, chainCapacity(table), await replays.alerts(id));
  // The range the report covers: the one asked for, else the data's (a frame closes its minute).
  const created = await replays.createdPerMinute(replayStream(id), 0, last);
  const fromMs = req.from ?? (created.minutes[0]?.t ?? first - 60) * 1000;
  const toMs = req.to ?? (last + 1) * 1000;
  await applyRangeFigures(summary, replays, { stream: replayStream(id), fromMs, toMs, table });

  const baseline = req.baselineId ? await replays.get(req.baselineId) : null;
  if (baseline?.status === "done" && baseline.summary) {
    const fromSec = Math.floor(fromMs / 1000);
    const toSec = Math.ceil(toMs / 1000);
    const baseRows = await replays.framesBetween(baseline.framesGroup, fromSec - 1, toSec - 1, 1_000_000);
    const baseTable = applyCapacityOverrides(base, baseline.overrides);
    const baseViews = combinedPerBucket({ from: fromSec, to: toSec, step: 60, resolution: "1m" }, baseRows, {
      topK: 0,
    });
    summary.baseline = await baselineFigures(replays, {
      id: baseline.id,
      stream: baseline.framesGroup,
      fromMs,
      toMs,
      table: baseTable,
      shops: summarize(baseViews, chainCapacity(baseTable), []),
      alerts: baseline.summary.alerts.timeline,
    });
  }
  return summary;
}
