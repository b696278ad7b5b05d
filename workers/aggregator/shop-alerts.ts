/**
 * Shop rules of an aggregation worker, evaluated at every frame's event time (here every
 * shop's load is known), plus the alerts about the worker's own input. Updates go out through
 * an outbox: one that is not accepted now goes with the next frame's, in order, never dropped.
 */
import type { Producer } from "kafkajs";
import { sendChunked } from "../../adapters/kafka/send-chunked";
import type { Logger } from "../../adapters/log";
import type { Aggregator } from "../../core/aggregation/aggregator";
import type { Alert } from "../../core/alerts/alert";
import { shopConditions } from "../../core/alerts/conditions";
import { createRuleEvaluator, type RuleEvaluator } from "../../core/alerts/evaluator";
import type { Rule } from "../../core/alerts/rule";
import { describeError } from "../../core/errors";
import type { Frame } from "../../core/frames/frame";
import type { InputAlerts } from "./input-alerts";
import type { WorkerStats } from "./worker-state";

export interface ShopAlertsOptions {
  producer: Producer;
  /** The `alerts` topic (used unless `sink` is given). */
  topic: string;
  sink?: (alerts: Alert[]) => Promise<void>;
  loadRules?: () => Promise<Rule[]>;
  inputAlerts: InputAlerts;
  stats: WorkerStats;
  logger: Logger;
  clock: () => number;
}

export interface ShopAlerts {
  reloadRules(): Promise<void>;
  /** Evaluates at the frame's event time and sends what is in the outbox. */
  evaluate(agg: Aggregator, frame: Frame): Promise<void>;
  /**
   * Starts evaluating afresh (a new assignment): shops that moved to another worker are
   * evaluated there, and no false "resolved" goes out for them here.
   */
  reset(): void;
}

export function createShopAlerts(opts: ShopAlertsOptions): ShopAlerts {
  const { producer, inputAlerts, stats, logger, clock } = opts;
  let shopRules: Rule[] = [];
  let evaluator: RuleEvaluator = createRuleEvaluator({ rules: [], clock });
  /** Alert updates evaluated but not yet acknowledged by the alerts topic (or sink). */
  let unsent: Alert[] = [];

  const send = async (batch: Alert[]) => {
    if (opts.sink) return opts.sink(batch);
    await sendChunked(producer, {
      topic: opts.topic,
      messages: batch.map((a) => ({ key: a.fingerprint, value: JSON.stringify(a) })),
    });
  };

  return {
    async reloadRules() {
      if (!opts.loadRules) return;
      shopRules = (await opts.loadRules()).filter((r) => r.kind === "shop_over_capacity");
      evaluator.setRules(shopRules);
    },

    async evaluate(agg, frame) {
      unsent = unsent.concat(inputAlerts.updates());
      if (frame.watermark !== null && evaluator.rules.length > 0) {
        const minFactor = Math.min(
          ...evaluator.rules.map((r) => (r.kind === "shop_over_capacity" ? r.factor : 1)),
        );
        const candidates = agg.shopsOver(minFactor);
        const alerts = evaluator.evaluate(frame.watermark, (rule) =>
          rule.kind === "shop_over_capacity" ? shopConditions(rule, candidates) : [],
        );
        // concat, not push(...): a storm of updates (50,000 shops) must not hit the argument limit.
        unsent = unsent.concat(alerts);
      }
      if (unsent.length === 0) return;
      // The evaluator has moved on: an update that is not sent now is sent with the next frame's,
      // in order, never dropped (a launch-spike storm of thousands goes out in several sends).
      const batch = unsent;
      try {
        await send(batch);
        unsent = unsent.slice(batch.length);
        stats.alertsPublished += batch.length;
      } catch (err) {
        logger.warn("alert updates not sent; retrying with the next frame", {
          alerts: batch.length,
          error: describeError(err),
        });
      }
    },

    reset() {
      evaluator = createRuleEvaluator({ rules: shopRules, clock });
    },
  };
}
