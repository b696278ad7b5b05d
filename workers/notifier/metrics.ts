/** Prometheus metrics of the notifier, read from its stats when scraped. */
import { Histogram, type Registry } from "prom-client";
import { readCounter, readGauge } from "../../adapters/http/read-metrics";
import type { Notifier } from "./notifier";

export interface NotifierMetrics {
  /** Records one delivery's latency (decision to delivery). */
  delivered(latencyMs: number, receiver: string): void;
}

export function registerNotifierMetrics(
  registry: Registry,
  notifier: () => Notifier | null,
): NotifierMetrics {
  // Before the notifier exists nothing is known: values absent, not 0.
  const level = (name: string, help: string, read: (n: Notifier) => number) =>
    readGauge(registry, name, help, [], (set) => {
      const n = notifier();
      if (n) set({}, read(n));
    });
  const total = (name: string, help: string, read: (n: Notifier) => number) =>
    readCounter(registry, name, help, [], (set) => {
      const n = notifier();
      if (n) set({}, read(n));
    });
  level("launchwatch_notifier_leader", "1 while this instance is the active notifier", (n) =>
    n.role() === "leader" ? 1 : 0,
  );
  level(
    "launchwatch_notifier_alerts_firing",
    "Alerts firing, deduplicated by fingerprint",
    (n) => n.stats().firing,
  );
  level("launchwatch_notifier_groups", "Notification groups", (n) => n.stats().groups);
  total(
    "launchwatch_notifier_alerts_received_total",
    "Alert messages read from the alerts topic",
    (n) => n.stats().alertsReceived,
  );
  total(
    "launchwatch_notifier_alerts_invalid_total",
    "Alert messages that did not validate",
    (n) => n.stats().alertsInvalid,
  );
  total(
    "launchwatch_notifier_notifications_queued_total",
    "Notifications written to the outbox",
    (n) => n.stats().notificationsQueued,
  );
  total(
    "launchwatch_notifier_delivered_total",
    "Notifications delivered",
    (n) => n.stats().delivery.delivered,
  );
  total(
    "launchwatch_notifier_delivery_retries_total",
    "Attempts that failed and will be retried",
    (n) => n.stats().delivery.retried,
  );
  total(
    "launchwatch_notifier_delivery_rate_limited_total",
    "Attempts a receiver rate-limited",
    (n) => n.stats().delivery.rateLimited,
  );
  total(
    "launchwatch_notifier_delivery_failed_total",
    "Notifications given up",
    (n) => n.stats().delivery.failed,
  );
  const latency = new Histogram({
    name: "launchwatch_notifier_delivery_latency_seconds",
    help: "From the notification decision to the receiver's 2xx",
    labelNames: ["receiver"],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 15, 60, 300],
    registers: [registry],
  });
  return { delivered: (ms, receiver) => latency.observe({ receiver }, ms / 1000) };
}
