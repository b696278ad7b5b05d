/**
 * Central evaluation of the rules that need every worker's data (endpoints, downloads,
 * saturation forecasts): consumes `frames` in a group of its own (no commits: a restart starts at
 * the newest frame), combines the latest frame per worker, and evaluates at the combined view's
 * watermark, i.e. in event time, once per watermark step. Shop rules are the workers' job.
 */
import type { Kafka } from "kafkajs";
import type { Logger } from "../../adapters/log";
import type { Alert } from "../../core/alerts/alert";
import { viewConditions } from "../../core/alerts/conditions";
import { createRuleEvaluator } from "../../core/alerts/evaluator";
import type { Rule } from "../../core/alerts/rule";
import { describeError } from "../../core/errors";
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
  let resolveReady!: () => void;
  const ready = new Promise<void>((r) => (resolveReady = r));
  const consumer = kafka.consumer({
    groupId,
    maxWaitTimeInMs: 100,
    sessionTimeout: 10_000,
    heartbeatInterval: 1000,
    retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 300, maxRetryTime: 5000 },
  });
  // Ready after the first fetch that follows the join: only then is the start offset resolved,
  // so anything produced afterwards is read.
  let joined = false;
  consumer.on(consumer.events.GROUP_JOIN, () => {
    joined = true;
  });
  consumer.on(consumer.events.FETCH, () => {
    if (joined) resolveReady();
  });
  consumer.on(consumer.events.CRASH, (e) =>
    logger.warn("frames consumer crashed; kafkajs restarts it", { error: describeError(e.payload.error) }),
  );
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: false });
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ message }) => {
      let json: unknown;
      try {
        json = JSON.parse(message.value?.toString("utf8") ?? "null");
      } catch {
        json = undefined;
      }
      const parsed = FrameSchema.safeParse(json);
      if (!parsed.success) {
        stats.invalid++;
        return;
      }
      stats.frames++;
      await onFrame(parsed.data);
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
