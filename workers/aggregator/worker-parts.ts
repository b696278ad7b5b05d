/**
 * Builds the parts of an aggregation worker from its options and connects them to each other:
 * the consumer, the producer, the shared state, the batch counter, the partition ledger, the
 * shop alerts and the frame publisher. worker.ts then runs them.
 */
import type { Producer } from "kafkajs";
import { createPartitionConsumer } from "../../adapters/kafka/choose-consumer";
import type { EventType } from "../../core/events/decode";
import { createExtraFieldCounts } from "../../core/events/extra-fields";
import { createBatchCounter } from "./batch-counter";
import { createDeadLetter } from "./dead-letter";
import { createFramePublisher } from "./frame-publisher";
import { createHoldBack } from "./holdback";
import { createInputAlerts } from "./input-alerts";
import { createPartitionLedger } from "./partition-ledger";
import type { PipelineHealthTracker } from "./pipeline-health";
import { createShopAlerts } from "./shop-alerts";
import type { WorkerOptions } from "./worker-options";
import { createWorkerState } from "./worker-state";

/** What changes while the worker runs, read by the parts through getters. */
export interface WorkerControl {
  running: boolean;
  stopping: boolean;
  /** Lag behind the producers, in every frame (live workers only; set once started). */
  health: PipelineHealthTracker | null;
  /** Shops some viewer is looking at. */
  watched: number[];
}

export function createWorkerParts(opts: WorkerOptions) {
  const { kafka, store, topics, groupId, stream = "live", workerId, logger, clock = Date.now } = opts;
  const typeOf = opts.sources
    ? new Map([...opts.sources].map(([topic, d]) => [topic, d.type]))
    : new Map<string, EventType>([
        [topics.orders, "order"],
        [topics.downloads, "download"],
        [topics.api, "api"],
      ]);
  const consumer =
    opts.consumer ??
    createPartitionConsumer(opts.kafkaClient ?? "fast", {
      kafka,
      groupId,
      topics: [...typeOf.keys()],
      logger,
      sessionTimeout: opts.sessionTimeoutMs,
      maxBytesPerPartition: opts.maxBytesPerPartition,
      maxInflatedBytes: opts.maxInflatedBytes,
    });
  const producer: Producer = kafka.producer({ allowAutoTopicCreation: false });
  const control: WorkerControl = { running: false, stopping: false, health: null, watched: [] };
  const state = createWorkerState();
  const extraFields = createExtraFieldCounts();
  const deadLetter = createDeadLetter({
    producer,
    topic: topics.deadLetter,
    workerId,
    maxValueBytes: opts.deadLetterMaxBytes,
  });
  const inputAlerts = createInputAlerts({ workerId });
  /** Partitions far ahead of the others in event time wait here (core/pipeline/alignment.ts). */
  const holdBack = createHoldBack();
  const stepSeconds = opts.replay?.stepSeconds || null;
  const counter = createBatchCounter({
    state,
    holdBack,
    deadLetter,
    inputAlerts,
    extraFields,
    graceMs: opts.graceMs,
    stepped: stepSeconds !== null,
    eventRange: opts.replay?.eventRange,
  });
  const ledger = createPartitionLedger({
    state,
    store,
    consumer,
    deadLetter,
    inputAlerts,
    deadLetterTopic: topics.deadLetter,
    groupId,
    stream,
    logger,
    clock,
    running: () => control.running,
  });
  const shopAlerts = createShopAlerts({
    producer,
    topic: topics.alerts,
    sink: opts.alertSink,
    loadRules: opts.loadRules,
    inputAlerts,
    stats: state.stats,
    logger,
    clock,
  });
  const frames = createFramePublisher({
    state,
    producer,
    framesTopic: topics.frames,
    workerId,
    store,
    stream,
    snapshots: opts.snapshots ?? true,
    publish: opts.publishFrames !== false,
    stepSeconds,
    holdBack,
    counter,
    shopAlerts,
    health: () => control.health,
    watched: () => control.watched,
    active: () => control.running && !control.stopping,
    onFrame: opts.onFrame,
    logger,
    clock,
  });
  return {
    typeOf,
    consumer,
    producer,
    control,
    state,
    extraFields,
    holdBack,
    counter,
    ledger,
    shopAlerts,
    frames,
  };
}

export type WorkerParts = ReturnType<typeof createWorkerParts>;
