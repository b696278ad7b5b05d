/**
 * The notifier watching the pipeline itself, every few seconds: the meta-alerts from the frames'
 * headers (watchdog, no-data, pipeline-lagging; core/pipeline/meta-alerts.ts), and data alerts
 * resolved as stale once the stream's event time stood still (core/pipeline/stale-alerts.ts).
 */
import type { Logger } from "../../adapters/log";
import type { Alert } from "../../core/alerts/alert";
import type { TrackedAlert } from "../../core/alerts/alert-registry";
import { createMetaAlerts, type MetaAlertRule } from "../../core/pipeline/meta-alerts";
import type { ReportBook } from "../../core/pipeline/reports";
import { dataStopped, isDataAlert, staleResolution } from "../../core/pipeline/stale-alerts";

export interface PipelineWatch {
  /** One evaluation: stale resolutions first, then the meta-alerts, each through `ingest`. */
  evaluate(): Promise<void>;
  /** Whether the data behind the alerts has stopped (as of the last evaluation). */
  stale(): boolean;
}

export function createPipelineWatch({
  reports,
  firing,
  ingest,
  clock,
  logger,
  rule,
  staleAfterMs,
}: {
  reports: Pick<ReportBook, "list">;
  /** The alerts firing now. */
  firing: () => Iterable<TrackedAlert>;
  ingest: (alerts: Alert[]) => Promise<void>;
  clock: () => number;
  logger: Logger;
  rule?: Partial<MetaAlertRule>;
  staleAfterMs: number;
}): PipelineWatch {
  const meta = createMetaAlerts({ rule, startedAt: clock() });
  let stale = false;
  return {
    async evaluate() {
      const now = clock();
      const list = reports.list(now);
      const stopped = dataStopped(list, now, staleAfterMs);
      if (stopped && !stale) {
        const since = Math.max(...list.map((r) => r.watermarkMovedAt));
        const data = [...firing()].filter(isDataAlert);
        if (data.length) logger.info("data stopped: resolving its alerts as stale", { alerts: data.length });
        await ingest(data.map((a) => staleResolution(a, now, now - since)));
      }
      stale = stopped;
      await ingest(meta.evaluate(list, now));
    },
    stale: () => stale,
  };
}
