/** Prometheus metrics of the notifier, read from its stats when scraped. */
import { Gauge, Histogram, type Registry } from "prom-client";
import type { Notifier } from "./notifier";

export interface NotifierMetrics {
  /** Records one delivery's latency (decision to delivery). */
  delivered(latencyMs: number, receiver: string): void;
}

export function registerNotifierMetrics(
  registry: Registry,
  notifier: () => Notifier | null,
): NotifierMetrics {
  const gauge = (name: string, help: string, read: (n: Notifier) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        const n = notifier();
        this.set(n ? read(n) : 0);
      },
    });
  gauge("lw_notifier_leader", "1 while this instance is the active notifier", (n) =>
    n.role() === "leader" ? 1 : 0,
  );
  gauge("lw_notifier_alerts_firing", "Alerts firing, deduplicated by fingerprint", (n) => n.stats().firing);
  gauge("lw_notifier_groups", "Notification groups", (n) => n.stats().groups);
  gauge(
    "lw_notifier_alerts_received",
    "Alert messages read from the alerts topic",
    (n) => n.stats().alertsReceived,
  );
  gauge("lw_notifier_alerts_invalid", "Alert messages that did not validate", (n) => n.stats().alertsInvalid);
  gauge(
    "lw_notifier_notifications_queued",
    "Notifications written to the outbox",
    (n) => n.stats().notificationsQueued,
  );
  gauge("lw_notifier_delivered", "Notifications delivered", (n) => n.stats().delivery.delivered);
  gauge(
    "lw_notifier_delivery_retries",
    "Attempts that failed and will be retried",
    (n) => n.stats().delivery.retried,
  );
  gauge(
    "lw_notifier_delivery_rate_limited",
    "Attempts a receiver rate-limited",
    (n) => n.stats().delivery.rateLimited,
  );
  gauge("lw_notifier_delivery_failed", "Notifications given up", (n) => n.stats().delivery.failed);
  const latency = new Histogram({
    name: "lw_notifier_delivery_latency_seconds",
    help: "From the notification decision to the receiver's 2xx",
    labelNames: ["receiver"],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 15, 60, 300],
    registers: [registry],
  });
  return { delivered: (ms, receiver) => latency.observe({ receiver }, ms / 1000) };
}
