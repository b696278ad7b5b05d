/** Helpers for the alerting tests: policies from YAML, notifications and alerts to feed, table cleanup. */
import pg from "pg";
import { type Alert, fingerprint } from "../../core/alerts/alert";
import { buildNotification, type DigestAlert, type Notification } from "../../core/alerts/notification";
import { buildPolicy, type Policy, PolicyFileSchema } from "../../core/alerts/policy";
import { parseYamlConfig } from "../../core/alerts/yaml-config";

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
