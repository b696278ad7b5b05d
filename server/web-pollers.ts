/**
 * What the web process does on a timer: reloads shop capacity into the hub, sweeps expired
 * sessions and sign-in throttle rows (hourly), and feeds the live alerts room the firing alerts.
 */
import type { AlertingQueries } from "../adapters/db/alerting-queries";
import type { AuthStore } from "../adapters/db/auth-store";
import type { ShopDirectory } from "../adapters/db/shop-directory";
import type { Logger } from "../adapters/log";
import type { SignInThrottle } from "../core/auth/sign-in-throttle";
import { startAlertFeed } from "./alerts/alert-feed";
import { startCapacityRefresh } from "./live/capacity-refresh";
import type { LiveHub } from "./live/hub";
import type { Shutdown } from "./shutdown";

const sessionSweepMs = 3600_000;

/** Starts the three; resolves once the first capacity load is done. Returns the alert feed (its `refresh` after an edit). */
export async function startWebPollers(
  {
    shops,
    authStore,
    throttle,
    alerting,
    hub,
    logger,
    clock,
    capacityRefreshMs,
    alertPollMs,
  }: {
    shops: Pick<ShopDirectory, "capacity">;
    authStore: Pick<AuthStore, "deleteExpiredSessions">;
    throttle: Pick<SignInThrottle, "sweep">;
    alerting: Pick<AlertingQueries, "listAlerts">;
    hub: LiveHub;
    logger: Logger;
    clock: () => number;
    capacityRefreshMs: number;
    alertPollMs: number;
  },
  shutdown: Shutdown,
) {
  const capacityRefresh = await startCapacityRefresh({
    load: () => shops.capacity(),
    hub,
    intervalMs: capacityRefreshMs,
    logger,
  });
  shutdown.add(() => capacityRefresh.stop());
  const sessionSweep = setInterval(() => {
    void authStore.deleteExpiredSessions(new Date(clock())).catch(() => {});
    void throttle.sweep(clock()).catch(() => {});
  }, sessionSweepMs);
  sessionSweep.unref();
  shutdown.add(() => clearInterval(sessionSweep));

  const alertFeed = startAlertFeed({
    listFiring: () => alerting.listAlerts({ state: "firing", limit: 1000 }),
    hub,
    logger,
    intervalMs: alertPollMs,
  });
  shutdown.add(() => alertFeed.stop());
  return { alertFeed };
}
