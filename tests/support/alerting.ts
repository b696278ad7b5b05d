/** Helpers for the alerting tests: policies from YAML, notifications and alerts to feed, table cleanup. */
import pg from "pg";
import { type Alert, fingerprint } from "../../core/alerts/alert";
import { buildNotification, type DigestAlert, type Notification } from "../../core/alerts/notification";
import { buildPolicy, type Policy, PolicyFileSchema } from "../../core/alerts/policy";
import { parseYamlConfig } from "../../core/alerts/yaml-config";
import type { WebhookReceiver } from "./webhook-receiver";

export const policyOf = (yaml: string): Policy =>
  buildPolicy(parseYamlConfig(PolicyFileSchema, yaml, "test.yaml"));

/** Empties the alerting tables (the integration run shares one database). */
export async function resetAlertingTables(databaseUrl: string): Promise<void> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    await c.query(
      `truncate alerts, alert_events, notification_groups, notification_outbox, delivery_attempts,
                silences, alert_acks, alert_rules cascade`,
    );
  } finally {
    await c.end();
  }
}

/** A shop_over_capacity alert update as the workers publish it. */
export function shopAlert(shop: number, over: Partial<Alert> = {}): Alert {
  const labels = {
    alertname: "shop-over-capacity",
    severity: "warning",
    shop: String(shop),
    chain: ["Heytea", "Luckin", "Mixue", "Nayuki"][shop % 4]!,
    city: "深圳",
  };
  return {
    v: 1,
    fingerprint: fingerprint("shop-over-capacity", labels),
    rule: "shop-over-capacity",
    state: "firing",
    labels,
    annotations: { summary: "Orders arrive faster than the counter" },
    startsAt: 1_770_000_000_000,
    endsAt: null,
    value: 1 + (shop % 1000) / 100,
    sentAt: Date.now(),
    ...over,
  };
}

/** A notification as the dispatcher would decide it, for `firing` shops of one group. */
export function notificationFor({
  receiver,
  groupKey,
  firing,
  resolved = 0,
  maxAlerts = 10,
  now = Date.now(),
}: {
  receiver: string;
  groupKey: string;
  firing: number;
  resolved?: number;
  maxAlerts?: number;
  now?: number;
}): Notification {
  const alert = (i: number, endsAt: number | null): DigestAlert => {
    const a = shopAlert(i);
    return {
      fingerprint: a.fingerprint,
      labels: a.labels,
      annotations: a.annotations,
      startsAt: a.startsAt,
      endsAt,
      value: a.value,
    };
  };
  return buildNotification({
    receiver,
    groupKey,
    groupLabels: { alertname: "shop-over-capacity", group: groupKey },
    firing: Array.from({ length: firing }, (_, i) => alert(i, null)),
    resolved: Array.from({ length: resolved }, (_, i) => alert(firing + i, now)),
    maxAlerts,
    externalUrl: "http://dashboard.test",
    now,
  });
}

/** Every alert a webhook receiver accepted (Alertmanager's webhook body), with when it arrived. */
export function receivedAlerts(
  hook: WebhookReceiver,
): Array<{ name: string; worker: string | undefined; status: string; at: number }> {
  type Body = { alerts: Array<{ status: string; labels: Record<string, string> }> };
  return hook.accepted().flatMap((r) =>
    (r.json as Body).alerts.map((a) => ({
      name: a.labels.alertname!,
      worker: a.labels.worker,
      status: a.status,
      at: r.at,
    })),
  );
}

/**
 * A policy for the meta-alerts tests: one webhook receiver `hook` (its URL in `urlEnv`), groups
 * by alert and worker sent at once, the watchdog repeated every `watchdogEvery` (as
 * alerting.yaml's 1 m, time-scaled).
 */
export const metaAlertsPolicyYaml = (urlEnv: string, watchdogEvery = "2s"): string => `
global: { resolve_timeout: 5m, digest_top: 10, allowed_networks: ["127.0.0.1/32"] }
route:
  receiver: hook
  group_by: [alertname, worker]
  group_wait: 0s
  group_interval: 1s
  repeat_interval: 1h
  routes:
    - matchers: ['alertname="watchdog"']
      receiver: hook
      group_wait: 0s
      group_interval: 1s
      repeat_interval: ${watchdogEvery}
receivers:
  - { name: hook, type: webhook, url_env: ${urlEnv}, max_alerts: 20 }
`;
