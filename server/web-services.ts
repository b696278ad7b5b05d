/**
 * The web process's in-memory services over its stores: the auth service, the live hub, the
 * metrics registry (the web's own, the pipeline's and the launch's series) and the history
 * service.
 */
import { createMetricsRegistry } from "../adapters/http/observability";
import { createAuthService } from "./auth/auth-service";
import { createHistoryService } from "./live/history-service";
import { createLiveHub } from "./live/hub";
import { registerLaunchMetrics } from "./live/launch-metrics";
import { registerPipelineMetrics } from "./live/pipeline-metrics";
import { createWebMetrics } from "./metrics";
import type { WebDatabase } from "./web-database";
import type { WebServerOptions } from "./web-options";

export function createWebServices(options: WebServerOptions, db: WebDatabase, clock: () => number) {
  const auth = createAuthService({
    store: db.authStore,
    clock,
    sessionTtlMs: options.sessionTtlMs,
    scryptCost: options.scryptCost,
    throttle: db.throttle,
    idleTimeoutMs: options.idleTimeoutMs,
  });
  const hub = createLiveHub({ clock, ...options.hub });
  const registry = createMetricsRegistry({
    defaultLabels: { process: "web", instance: options.instanceId },
  });
  const metrics = createWebMetrics(registry);
  registerPipelineMetrics(registry, hub);
  const launchMetrics = registerLaunchMetrics(registry, hub);
  const history = createHistoryService({ reader: db.snapshotReader, clock });
  return { auth, hub, registry, metrics, launchMetrics, history };
}
