/**
 * Central evaluation of the rules that need every worker's data (endpoints, downloads,
 * saturation forecasts): consumes `frames` in a group of its own (no commits: a restart starts at
 * the newest frame), combines the latest frame per worker, and evaluates at the combined view's
 * watermark, i.e. in event time, once per watermark step. Shop rules are the workers' job.
 */
import type { Kafka } from "kafkajs";
import { decodeJsonValue, startFollower } from "../../adapters/kafka/follower";
import type { Logger } from "../../adapters/log";
import type { Alert } from "../../core/alerts/alert";
import { viewConditions } from "../../core/alerts/conditions";
import { createRuleEvaluator } from "../../core/alerts/evaluator";
import type { Rule } from "../../core/alerts/rule";
import { createCombiner } from "../../core/frames/combiner";
import { type Frame, FrameSchema } from "../../core/frames/frame";

export interface ViewRules {
  /** Takes one frame; returns the alert updates it caused (possibly none). */
  add(frame: Frame): Alert[];
  setRules(rules: readonly Rule[]): void;
  readonly rules: readonly Rule[];
}

/** Rules evaluated here: every kind but the per-shop one. */
export const isViewRule = (r: Rule): boolean => r.kind !== "shop_over_capacity";

/**
 * @param clock wall clock for `sentAt`, re-sends and worker staleness (default Date.now)
 * @param resendMs firing alerts are re-sent at least this often (default 30 s)
 */
export function createViewRules({
  rules = [],
  clock = Date.now,
  resendMs = 30_000,
  staleAfterMs = 10_000,
}: {
  rules?: readonly Rule[];
  clock?: () => number;
  resendMs?: number;
  staleAfterMs?: number;
} = {}): ViewRules {
  const combiner = createCombiner({ clock, staleAfterMs });
  const evaluator = createRuleEvaluator({ rules: rules.filter(isViewRule), clock, resendMs });
  let last = Number.NEGATIVE_INFINITY;
  return {
    add(frame) {
      combiner.add(frame);
      const view = combiner.view();
      if (view.watermark === null || view.watermark <= last || evaluator.rules.length === 0) return [];
      last = view.watermark;
      return evaluator.evaluate(view.watermark, (rule) => viewConditions(rule, view));
    },
    setRules: (next) => evaluator.setRules(next.filter(isViewRule)),
    get rules() {
      return evaluator.rules;
    },
  };
}

export interface FramesFollower {
  ready(): Promise<void>;
  stop(): Promise<void>;
  stats(): { frames: number; invalid: number };
}

/** Follows the `frames` topic from its end and hands every valid frame to `onFrame`. */
export async function followFrames({
  kafka,
  topic,
  groupId,
  logger,
  onFrame,
}: {
  kafka: Kafka;
  topic: string;
  groupId: string;
  logger: Logger;
  onFrame(frame: Frame): Promise<void>;
}): Promise<FramesFollower> {
  const stats = { frames: 0, invalid: 0 };
  const { consumer, ready } = await startFollower(kafka, { topic, groupId, name: "frames consumer", logger });
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ message }) => {
      const decoded = decodeJsonValue(message.value, FrameSchema);
      if (!decoded.ok) {
        stats.invalid++;
        return;
      }
      stats.frames++;
      await onFrame(decoded.value);
    },
  });
  return {
    ready: () => ready,
    stats: () => ({ ...stats }),
    stop: async () => {
      await consumer.disconnect().catch(() => {});
    },
  };
}
