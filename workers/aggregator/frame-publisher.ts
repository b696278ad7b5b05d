/**
 * Frame stepping and publishing of an aggregation worker: builds a frame per tick (or, for
 * replays, one per step of event time), stamps the pipeline's health on it, publishes it to
 * the frames topic, keeps it as a snapshot and evaluates the shop rules at its event time.
 */
import type { Producer } from "kafkajs";
import type { AggregateStore } from "../../adapters/db/aggregate-store";
import { tpKey } from "../../adapters/kafka/partition-consumer";
import type { Logger } from "../../adapters/log";
import type { Aggregator } from "../../core/aggregation/aggregator";
import { describeError } from "../../core/errors";
import type { Frame } from "../../core/frames/frame";
import type { PipelineHealth } from "../../core/pipeline/health";
import type { BatchCounter } from "./batch-counter";
import type { HoldBack } from "./holdback";
import type { PipelineHealthTracker } from "./pipeline-health";
import type { ShopAlerts } from "./shop-alerts";
import type { WorkerState } from "./worker-state";

export interface FramePublisherOptions {
  state: WorkerState;
  producer: Producer;
  framesTopic: string;
  workerId: string;
  store: AggregateStore;
  stream: string;
  /** Keep a snapshot of every frame. */
  snapshots: boolean;
  /** Publish frames to the frames topic (replays keep theirs to snapshots). */
  publish: boolean;
  /** Replays: one frame per this many event-time seconds (null: one per tick). */
  stepSeconds: number | null;
  holdBack: HoldBack;
  counter: BatchCounter;
  shopAlerts: ShopAlerts;
  /** Lag behind the producers (live workers only; set once started). */
  health: () => PipelineHealthTracker | null;
  /** Shops some viewer is looking at. */
  watched: () => number[];
  /** False once the worker stops. */
  active: () => boolean;
  onFrame?: (frame: Frame) => void;
  logger: Logger;
  clock: () => number;
}

export interface FramePublisher {
  /** Publishes what is due unless a round is under way; resolves when that round is done. */
  publish(): Promise<void>;
  /** The round under way (or the last one). */
  done(): Promise<void>;
  /** Lag behind the log end as of the last frame (null: not measured). */
  pipeline(): PipelineHealth | null;
  /** Newest frame watermark seen (0: none yet). */
  latestWatermark(): number;
}

export function createFramePublisher(opts: FramePublisherOptions): FramePublisher {
  const { state, producer, holdBack, counter, shopAlerts, logger, clock } = opts;
  const { stats } = state;
  const step = opts.stepSeconds;
  let publishing = false;
  let publishingDone: Promise<void> = Promise.resolve();
  let lastHealth: PipelineHealth | null = null;
  let latestWatermark = 0;

  const emit = async (agg: Aggregator, frame: Frame) => {
    const health = opts.health();
    if (health) {
      const progress = [...state.partitions.values()].map((p) => ({
        topic: p.topic,
        partition: p.partition,
        position: p.pendingNext,
        eventTime: p.newest,
        held: holdBack.isHeld(tpKey(p)),
      }));
      frame.pipeline = lastHealth = health.snapshot(progress);
    }
    if (frame.watermark !== null) latestWatermark = Math.max(latestWatermark, frame.watermark);
    if (opts.publish) {
      await producer.send({
        topic: opts.framesTopic,
        messages: [{ key: opts.workerId, value: JSON.stringify(frame) }],
      });
    }
    stats.framesPublished++;
    opts.onFrame?.(frame);
    if (opts.snapshots) await opts.store.saveSnapshot(opts.stream, frame);
    await shopAlerts.evaluate(agg, frame);
  };

  /** Replays: a frame for every step of event time that can close. */
  const emitSteps = async (agg: Aggregator, step: number) => {
    const end = agg.closableEnd();
    let from = agg.openFrom();
    while (end !== null && from !== null && from < end && agg === state.aggregator) {
      // Step boundaries are multiples of the step, so frames of all workers line up per second.
      await emit(agg, agg.frame(Math.min(end, (Math.floor(from / step) + 1) * step)));
      from = agg.openFrom();
    }
    // The steps just emitted let held partitions count further (a replay's windows are
    // read at the first step not yet emitted).
    counter.releaseHeld(agg);
  };

  const round = async () => {
    const agg = state.aggregator;
    const t0 = clock();
    const before = stats.framesPublished + stats.counted;
    try {
      if (!agg) return;
      agg.watch(opts.watched());
      counter.releaseHeld(agg);
      // A partition whose log end is past its position is not caught up, however long ago its
      // last batch came: a starved worker (a busy machine) fetches it late, and it must hold the
      // windows open meanwhile instead of letting them close without its events.
      const health = opts.health();
      if (health)
        for (const p of state.partitions.values())
          if ((health.logEnd(tpKey(p)) ?? -1) > p.pendingNext) agg.setCaughtUp(p.id, false);
      if (!step) await emit(agg, agg.frame());
      else await emitSteps(agg, step);
    } catch (err) {
      logger.warn("frame not published", { error: describeError(err) });
    } finally {
      stats.frameMs += clock() - t0;
      publishing = false;
    }
    // A replay does not wait for the next tick while partitions are held back: emitting steps is
    // what releases them (it paced a 9-hour replay at 60 event-time seconds per tick, 390 s).
    if (step && opts.active() && holdBack.keys().length > 0 && stats.framesPublished + stats.counted > before)
      setImmediate(() => void publish());
  };

  const publish = () => {
    if (!state.aggregator || publishing) return publishingDone;
    publishing = true;
    publishingDone = round();
    return publishingDone;
  };

  return {
    publish,
    done: () => publishingDone,
    pipeline: () => lastHealth,
    latestWatermark: () => latestWatermark,
  };
}
