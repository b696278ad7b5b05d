/**
 * Feeds the live `alerts` room from the alerting store: polls the firing episodes (the notifier
 * writes them) and hands them to the hub when they change. "connected" means the notifier's
 * tables answered; "unavailable" that the last poll failed (the last list is kept on screen).
 */
import type { AlertRow } from "../../adapters/db/alerting-queries";
import type { Logger } from "../../adapters/log";
import { describeError } from "../../core/errors";
import { type ActiveAlert, severityOf, subjectOf } from "../../core/live/alerts";
import type { LiveHub } from "../live/hub";

/** The display form of a firing episode. */
export function toActiveAlert(a: AlertRow): ActiveAlert {
  return {
    id: a.id,
    rule: a.rule,
    severity: severityOf(a.labels),
    subject: subjectOf(a.labels),
    message: a.annotations.summary ?? a.annotations.description ?? a.rule,
    since: a.startsAt,
    // An alert posted from outside has no measured value: shown as "–", never as 0.
    value: a.external ? null : a.value,
    threshold: null,
    acknowledgedBy: a.ack?.by ?? null,
    labels: a.labels,
    ...(a.external ? { external: true as const } : {}),
  };
}

export interface AlertFeed {
  /** Polls now (also what the timer does); resolves when the hub has the result. */
  refresh(): Promise<void>;
  stop(): void;
}

/** Starts polling every `intervalMs` (default 2 s). */
export function startAlertFeed({
  listFiring,
  hub,
  logger,
  intervalMs = 2000,
}: {
  listFiring: () => Promise<AlertRow[]>;
  hub: Pick<LiveHub, "setAlerts">;
  logger: Logger;
  intervalMs?: number;
}): AlertFeed {
  let last = "";
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;

  const poll = async () => {
    let alerts: ActiveAlert[] | null = null;
    try {
      alerts = (await listFiring()).map(toActiveAlert);
    } catch (err) {
      if (last !== "unavailable") logger.warn("could not read alerts", { error: describeError(err) });
    }
    if (stopped) return;
    // Only a change reaches the sockets: an unchanged list every 2 s would be noise.
    const key = alerts ? JSON.stringify(alerts) : "unavailable";
    if (key === last) return;
    last = key;
    if (alerts) hub.setAlerts(alerts, "connected");
    else hub.setAlerts([], "unavailable");
  };
  const refresh = () => {
    running ??= poll().finally(() => {
      running = null;
    });
    return running;
  };
  const loop = async () => {
    await refresh();
    if (stopped) return;
    timer = setTimeout(loop, intervalMs);
    timer.unref();
  };
  void loop();
  return {
    refresh,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
