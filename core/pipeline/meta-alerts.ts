/**
 * Alerts about Launchwatch itself, sent through the normal notifier: `pipeline-lagging` (a
 * worker's lag over a threshold), `no-data` (a worker silent, or no worker at all), and the
 * always-firing `watchdog` heartbeat (Alertmanager's Watchdog convention: a chat channel that
 * stops getting it knows the alerting pipeline itself is down). Firing alerts are re-sent on
 * every evaluation, so they resolve by the notifier's resolve timeout if the evaluation stops;
 * a condition that clears is resolved at once. Times are wall-clock ms. Pure.
 */
import { type Alert, fingerprint } from "../alerts/alert";
import { takenOver } from "./reports";
import { fmtSpan, type SourceReport } from "./status";

export interface MetaAlertRule {
  /** `pipeline-lagging` fires for a worker whose lag is over this (default 60 s). */
  laggingAfterSec: number;
  /** `no-data` fires for a worker without a frame for this long, or when none reported (default 30 s). */
  noDataAfterMs: number;
}

export const defaultMetaAlertRule: MetaAlertRule = { laggingAfterSec: 60, noDataAfterMs: 30_000 };

export interface MetaAlerts {
  /** The alert updates for `reports` (the last frame header of every worker heard from) at `now`. */
  evaluate(reports: readonly SourceReport[], now: number): Alert[];
}

/** @param startedAt wall ms the evaluator started (the watchdog's and a never-fed stream's start) */
export function createMetaAlerts({
  rule = defaultMetaAlertRule,
  startedAt,
}: {
  rule?: Partial<MetaAlertRule>;
  startedAt: number;
}): MetaAlerts {
  const r: MetaAlertRule = { ...defaultMetaAlertRule, ...rule };
  /** Firing alerts by fingerprint, to resolve the ones whose condition cleared. */
  let firing = new Map<string, Alert>();

  const alert = (
    name: string,
    severity: string,
    labels: Record<string, string>,
    summary: string,
    value: number,
    since: number,
    now: number,
  ): Alert => {
    const all = { alertname: name, severity, ...labels };
    const fp = fingerprint(name, all);
    return {
      v: 1,
      fingerprint: fp,
      rule: name,
      state: "firing",
      labels: all,
      annotations: { summary },
      startsAt: firing.get(fp)?.startsAt ?? since,
      endsAt: null,
      value,
      sentAt: now,
    };
  };

  return {
    evaluate(reports, now) {
      const out: Alert[] = [
        alert(
          "watchdog",
          "none",
          {},
          "Launchwatch's alerting pipeline is running: this alert always fires",
          1,
          startedAt,
          now,
        ),
      ];
      const live = reports.filter((s) => now - s.receivedAt <= r.noDataAfterMs);
      for (const s of reports) {
        const silentFor = now - s.receivedAt;
        if (silentFor > r.noDataAfterMs) {
          // Replaced (restarted under a new id, partitions moved): nothing is unread.
          if (takenOver(s, live)) continue;
          out.push(
            alert(
              "no-data",
              "critical",
              { worker: s.source },
              `No data from worker ${s.source} for ${fmtSpan(silentFor)}`,
              silentFor / 1000,
              s.receivedAt,
              now,
            ),
          );
        } else if ((s.pipeline?.lagSeconds ?? 0) > r.laggingAfterSec) {
          out.push(
            alert(
              "pipeline-lagging",
              "warning",
              { worker: s.source },
              `Worker ${s.source} is ${fmtSpan(s.pipeline!.lagSeconds! * 1000)} behind its producers`,
              s.pipeline!.lagSeconds!,
              now,
              now,
            ),
          );
        }
      }
      if (reports.length === 0 && now - startedAt > r.noDataAfterMs) {
        out.push(
          alert(
            "no-data",
            "critical",
            { worker: "*" },
            `No frame from any aggregation worker for ${fmtSpan(now - startedAt)}`,
            (now - startedAt) / 1000,
            startedAt,
            now,
          ),
        );
      }
      const next = new Map(out.map((a) => [a.fingerprint, a]));
      for (const [fp, a] of firing) {
        if (!next.has(fp)) out.push({ ...a, state: "resolved", endsAt: now, sentAt: now });
      }
      firing = next;
      return out;
    },
  };
}
