/**
 * A route with a mute time interval, through the real notifier (real Kafka, Postgres and an HTTP
 * receiver), time-scaled by injecting its clock: the notifier's clock starts 8 s before the end
 * of the interval (10:00 to 11:00 in Shanghai on launch day) and runs at real speed. An alert on
 * the muted route is sent nothing inside the interval and arrives right after it ends, while an
 * alert on an unmuted route is delivered at once (the notifier was delivering all along).
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Alert, fingerprint } from "../core/alerts/alert";
import type { Notifier } from "../workers/notifier/notifier";
import { policyOf, shopAlert } from "./support/alerting";
import { testEnv } from "./support/env";
import { type NotifierHarness, openNotifierHarness } from "./support/notifier-harness";
import { ensureTestTopics } from "./support/topics";
import { waitFor } from "./support/wait";

const env = testEnv();
let h: NotifierHarness;
let notifier: Notifier | undefined;

beforeAll(async () => {
  h = await openNotifierHarness(env);
});
afterAll(async () => {
  await notifier?.stop();
  await h?.close();
});

const policy = policyOf(`
global: { resolve_timeout: 5m, allowed_networks: ["127.0.0.1/32"] }
route:
  receiver: hook
  group_by: [alertname]
  group_wait: 500ms
  group_interval: 1s
  repeat_interval: 1h
  routes:
    - matchers: ['alertname="shop-over-capacity"']
      mute_time_intervals: [launch-hour]
time_intervals:
  - name: launch-hour
    time_intervals:
      - times: [{ start_time: "10:00", end_time: "11:00" }]
        weekdays: [friday]
        location: Asia/Shanghai
receivers:
  - { name: hook, type: webhook, url_env: HOOK_URL }
`);

it("sends nothing inside the mute interval and sends right after it", async () => {
  const topics = env.topics("mute");
  await ensureTestTopics(h.kafka, topics, 2);

  // 10:59:52 in Shanghai on Friday 2026-02-06: 8 s before the interval ends.
  const intervalEnd = Date.parse("2026-02-06T03:00:00Z");
  const fakeStart = intervalEnd - 8000;
  let realStart = Date.now();
  const clock = () => fakeStart + (Date.now() - realStart);
  const fakeAt = (realMs: number) => fakeStart + (realMs - realStart);

  notifier = h.notifier({ topics, groupId: env.groupId("mute"), instanceId: "mute-test", policy, clock });
  await notifier.start();
  realStart = Date.now(); // however long joining the group took, the test starts at 10:59:52

  const apiLabels = {
    alertname: "endpoint-error-rate",
    severity: "critical",
    endpoint: "POST /order/create",
  };
  const api: Alert = {
    ...shopAlert(1),
    fingerprint: fingerprint("endpoint-error-rate", apiLabels),
    rule: "endpoint-error-rate",
    labels: apiLabels,
    sentAt: clock(),
  };
  const shop = shopAlert(7, { sentAt: clock() });
  const producer = h.kafka.producer();
  await producer.connect();
  await producer.send({
    topic: topics.alerts,
    messages: [shop, api].map((a) => ({ key: a.fingerprint, value: JSON.stringify(a) })),
  });
  const producedAt = clock();
  expect(producedAt).toBeLessThan(intervalEnd - 3000); // the test had time to see the mute

  const names = (r: (typeof h.hook.requests)[number]) =>
    (r.json as { alerts: Array<{ labels: Record<string, string> }> }).alerts.map((a) => a.labels.alertname);
  const first = (name: string) => h.hook.accepted().find((r) => names(r).includes(name));
  // The unmuted route delivers inside the interval...
  const apiMessage = await waitFor(() => first("endpoint-error-rate"), { what: "the unmuted alert" });
  expect(fakeAt(apiMessage.at)).toBeLessThan(intervalEnd);
  // ...while the muted one waits for the interval's end, then comes at the next group flush.
  const shopMessage = await waitFor(() => first("shop-over-capacity"), {
    what: "the muted alert after the interval",
    timeoutMs: 30_000,
  });
  await producer.disconnect();
  expect(fakeAt(shopMessage.at)).toBeGreaterThanOrEqual(intervalEnd);
  expect(fakeAt(shopMessage.at)).toBeLessThan(intervalEnd + 3000);
  const body = shopMessage.json as { status: string; alerts: Array<{ labels: Record<string, string> }> };
  expect(body.status).toBe("firing");
  expect(body.alerts.map((a) => a.labels.shop)).toEqual(["7"]);
});
