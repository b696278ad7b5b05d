/**
 * A real notifier for an integration test: Kafka, the alerting and rules stores over the run's
 * database (alerting tables emptied), a webhook receiver standing in for the chat channel, and
 * the notifier itself with the tests' quick settings.
 */
import type { Kafka } from "kafkajs";
import { type AlertingStore, createAlertingStore } from "../../adapters/db/alerting-store";
import { createOutbox } from "../../adapters/db/outbox";
import { createRulesStore, type RulesStore } from "../../adapters/db/rules-store";
import { createKafka } from "../../adapters/kafka/client";
import { silentLogger } from "../../adapters/log";
import { createAddressGuard } from "../../adapters/webhooks/address-guard";
import { createReceiver, type Receiver } from "../../adapters/webhooks/receivers";
import type { Policy } from "../../core/alerts/policy";
import { createNotifier, type Notifier, type NotifierOptions } from "../../workers/notifier/notifier";
import { resetAlertingTables } from "./alerting";
import type { TestEnv } from "./env";
import { startWebhookReceiver, type WebhookReceiver } from "./webhook-receiver";

export interface NotifierHarness {
  kafka: Kafka;
  store: AlertingStore;
  rulesStore: RulesStore;
  hook: WebhookReceiver;
  /** Creates the notifier of `policy` (its first receiver is `hook`, sent to {@link hook}); not started. */
  notifier(
    o: Pick<NotifierOptions, "topics" | "groupId" | "instanceId" | "policy" | "clock" | "metaAlerts">,
  ): Notifier;
  /** Stops the receiver, empties the alerting tables, closes the stores (stop the notifier first). */
  close(): Promise<void>;
}

/** Opens what a notifier test needs; the alerting tables start empty. */
export async function openNotifierHarness(env: TestEnv): Promise<NotifierHarness> {
  const kafka = createKafka({ brokers: env.brokers });
  const store = createAlertingStore({ databaseUrl: env.databaseUrl });
  const rulesStore = createRulesStore({ databaseUrl: env.databaseUrl, logger: silentLogger });
  await resetAlertingTables(env.databaseUrl);
  const hook = await startWebhookReceiver();
  return {
    kafka,
    store,
    rulesStore,
    hook,
    notifier: (o) =>
      createNotifier({
        kafka,
        store,
        outbox: createOutbox({ pool: store.pool }),
        rulesStore,
        receivers: hookReceivers(o.policy, hook),
        logger: silentLogger,
        tickMs: 100,
        sessionTimeoutMs: 6000,
        delivery: { retryBaseMs: 50, retryMaxMs: 500 },
        ...o,
      }),
    async close() {
      await hook.close();
      await resetAlertingTables(env.databaseUrl).catch(() => {});
      await rulesStore.close();
      await store.close();
    },
  };
}

/** The policy's first receiver as `hook`, posting to the test receiver's /alertmanager (loopback allowed). */
function hookReceivers(policy: Policy, hook: WebhookReceiver): Map<string, Receiver> {
  return new Map([
    [
      "hook",
      createReceiver(
        policy.receivers[0]!,
        { url: `${hook.url}/alertmanager` },
        { guard: createAddressGuard(["127.0.0.1/32"]) },
      ),
    ],
  ]);
}
