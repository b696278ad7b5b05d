/**
 * The notifier's own state, published for the web process: every `everyMs` this instance writes
 * its role and every receiver of its policy (enabled, or disabled and why) to `notifier_status`,
 * and once more as `stopped` when it stops. A web process that sees no fresh report says the
 * notifier is not running instead of showing a stale "ok" (core/alerts/receiver-report.ts).
 */
import type { NotifierStatusWriter } from "../../adapters/db/notifier-status";
import type { Logger } from "../../adapters/log";
import type { Receiver } from "../../adapters/webhooks/receivers";
import type { Policy } from "../../core/alerts/policy";
import type { NotifierReport } from "../../core/alerts/receiver-report";
import type { PublishedReceiver } from "../../core/api/receivers";
import { describeError } from "../../core/errors";

/** Every receiver of `policy` as this process has it: enabled ones with their target, the rest with why not. */
export function publishedReceivers(
  policy: Policy,
  enabled: ReadonlyMap<string, Receiver>,
  disabled: ReadonlyArray<{ receiver: string; setting: string }> = [],
): PublishedReceiver[] {
  return policy.receivers.map((r) => {
    const on = enabled.get(r.name);
    const off = disabled.find((d) => d.receiver === r.name);
    return {
      name: r.name,
      type: r.type,
      enabled: on !== undefined,
      disabledReason: on ? null : off ? `no URL set (${off.setting})` : "not configured in this notifier",
      target: on?.redactedUrl ?? null,
    };
  });
}

export interface StatusHeartbeat {
  /** Publishes now and every `everyMs` after. */
  start(): void;
  /** Stops publishing and says `stopped` (best effort: a notifier going down must not hang on it). */
  stop(): Promise<void>;
}

/**
 * @param everyMs how often the row is refreshed (default 5 s); readers count the notifier gone
 *   after three periods without one
 */
export function createStatusHeartbeat({
  writer,
  alertsTopic,
  instanceId,
  role,
  receivers,
  logger,
  everyMs = 5000,
  clock = Date.now,
}: {
  writer: NotifierStatusWriter;
  alertsTopic: string;
  instanceId: string;
  role: () => NotifierReport["role"];
  receivers: readonly PublishedReceiver[];
  logger: Logger;
  everyMs?: number;
  clock?: () => number;
}): StatusHeartbeat {
  const startedAt = clock();
  let timer: NodeJS.Timeout | undefined;
  let last: Promise<void> = Promise.resolve();
  let warned = false;
  const publish = (r: NotifierReport["role"]) => {
    last = last
      .then(() =>
        writer.publish({ alertsTopic, instanceId, role: r, startedAt, heartbeatEveryMs: everyMs, receivers }),
      )
      .then(() => {
        warned = false;
      })
      .catch((err) => {
        // Said once per outage: the next beat retries, and the page shows the report aging.
        if (!warned) logger.warn("could not publish the notifier's status", { error: describeError(err) });
        warned = true;
      });
    return last;
  };
  return {
    start() {
      if (timer) return;
      void publish(role());
      timer = setInterval(() => {
        void publish(role());
        // Crashed instances' rows would otherwise stay forever.
        if (role() === "leader") writer.prune(alertsTopic, 86_400_000).catch(() => {});
      }, everyMs);
    },
    async stop() {
      clearInterval(timer);
      timer = undefined;
      await publish("stopped");
    },
  };
}
