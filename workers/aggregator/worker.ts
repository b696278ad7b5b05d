/**
 * The aggregation worker: wires a partition consumer, the pure aggregator, the Postgres store
 * and a producer (frames, dead letters). It only coordinates; the counting rules live in
 * core/aggregation.
 *
 * Effectively-once: a partition's aggregates and its next offset are written in one
 * transaction (see AggregateStore.flush). After a restart or rebalance the worker starts each
 * partition at its stored restore offset: events before the stored next offset rebuild the
 * in-memory windows only, events after it are counted and persisted.
 */
import type { Kafka, Producer } from "kafkajs";
import type { AggregateStore, PartitionFlush } from "../../adapters/db/aggregate-store";
import { createPartitionConsumer, type KafkaClient } from "../../adapters/kafka/choose-consumer";
import type { BatchDecoder } from "../../adapters/kafka/mapped-decoder";
import {
  type AssignedPartition,
  type PartitionConsumer,
  type TopicPartition,
  tpKey,
} from "../../adapters/kafka/partition-consumer";
import { sendChunked } from "../../adapters/kafka/send-chunked";
import {
  keyAt,
  packMessages,
  type SourceBatch,
  type UnreadableBatch,
  valueAt,
} from "../../adapters/kafka/source-batch";
import type { TopicNames } from "../../adapters/kafka/topics";
import type { Logger } from "../../adapters/log";
import { type Aggregator, createAggregator } from "../../core/aggregation/aggregator";
import type { StreamTimeRule } from "../../core/aggregation/stream-time-guard";
import type { Alert } from "../../core/alerts/alert";
import { shopConditions } from "../../core/alerts/conditions";
import { createRuleEvaluator, type RuleEvaluator } from "../../core/alerts/evaluator";
import type { Rule } from "../../core/alerts/rule";
import type { CapacityTable } from "../../core/capacity/capacity-table";
import { describeError, LaunchwatchError } from "../../core/errors";
import { decodeEventAt, type EventType } from "../../core/events/decode";
import { createExtraFieldCounts } from "../../core/events/extra-fields";
import { keyMatchesShop } from "../../core/events/key-check";
import type { Frame } from "../../core/frames/frame";
import { holdRule, mustWait } from "../../core/pipeline/alignment";
import type { PipelineHealth } from "../../core/pipeline/health";
import { createDeadLetter } from "./dead-letter";
import { createHoldBack } from "./holdback";
import { createInputAlerts } from "./input-alerts";
import { type PipelineHealthTracker, startPipelineHealth } from "./pipeline-health";

export interface WorkerOptions {
  kafka: Kafka;
  store: AggregateStore;
  topics: TopicNames;
  /** Consumer group; all workers of one deployment share it. */
  groupId: string;
  /** Name of the aggregate stream in Postgres (default `live`; replays use their own). */
  stream?: string;
  workerId: string;
  logger: Logger;
  clock?: () => number;
  /** Frame period (default 1000 ms). */
  frameIntervalMs?: number;
  /** Aggregates and offsets are written at most this often (default 1000 ms). */
  flushIntervalMs?: number;
  graceMs?: number;
  idleMs?: number;
  dedupHorizonMs?: number;
  /** When an event is too far ahead of its stream to count (core/aggregation/stream-time-guard). */
  streamTime?: Partial<StreamTimeRule>;
  /** Dead letters' keys and values are cut to this many bytes (default 64 KiB). */
  deadLetterMaxBytes?: number;
  /** The default consumer skips a batch inflating past this many bytes (default 64 MiB). */
  maxInflatedBytes?: number;
  topK?: number;
  /** Frame snapshots older than this (event time) are deleted (default 48 h). */
  snapshotRetentionHours?: number;
  /** How often old snapshots of this stream are deleted (default 10 min). */
  snapshotPruneIntervalMs?: number;
  /** Whether to keep a snapshot of every frame (default true). */
  snapshots?: boolean;
  /** Reference data is reloaded this often, to pick up capacity edits (default 30 s). */
  capacityRefreshMs?: number;
  /** Consumer group session timeout (default 30 s): how soon a crashed worker's partitions move. */
  sessionTimeoutMs?: number;
  /** Replaceable for measuring another Kafka client. */
  consumer?: PartitionConsumer;
  /** Client of the default consumer (default `fast`). */
  kafkaClient?: KafkaClient;
  /**
   * Bytes fetched per partition per request by the default consumer (default 1 MiB). Smaller
   * fetches hold fewer decoded messages in memory at once.
   */
  maxBytesPerPartition?: number;
  /** Loads the alert rules; shop rules are evaluated here, where every shop's load is known. */
  loadRules?: () => Promise<Rule[]>;
  /** How often rules are reloaded (default 30 s). */
  rulesRefreshMs?: number;
  /** Publish frames to the frames topic (default true; replays keep theirs to snapshots). */
  publishFrames?: boolean;
  /**
   * One frame per this many event-time seconds instead of one per tick (replays: a frame for
   * every step of the launch, however fast it is re-read). Default: one per tick.
   */
  frameStepSeconds?: number;
  /** Where alert updates go (default: the `alerts` topic). */
  alertSink?: (alerts: Alert[]) => Promise<void>;
  /** What-if: changes the capacity table after every load. */
  transformCapacity?: (table: CapacityTable) => CapacityTable;
  /** Only events with event time in [from, to) count (replays of a time range). */
  eventRange?: { from: number; to: number };
  /** The worker cannot go on (e.g. its store rejected an assignment); default: log it. */
  onFatal?: (err: unknown) => void;
  /** Called with every frame published (tests, benchmarks). */
  onFrame?: (frame: Frame) => void;
  /**
   * A source mapping's topics (docs/SOURCES.md), each with its decoder: read instead of the
   * native event topics. Default: the native topics, decoded by the contract.
   */
  sources?: Map<string, BatchDecoder>;
}

export interface WorkerStats {
  consumed: number;
  counted: number;
  invalid: number;
  flushes: number;
  /** Wall time spent in flushes (Postgres transaction included), ms. */
  flushMs: number;
  /** Wall time consuming waited for queued flushes (backpressure), ms. */
  flushWaitMs: number;
  framesPublished: number;
  /** Wall time spent building, storing and evaluating frames, ms. */
  frameMs: number;
  alertsPublished: number;
  /** Records a source mapping's filter skipped (not relevant: neither counted nor dead-lettered). */
  filtered: number;
  /** Fields beyond the contract, per event type and name (capped; core/events/extra-fields). */
  extraFields: Array<{ type: EventType; field: string; count: number }>;
  lastFlushAt: number;
  assigned: number;
  /** Wall-clock ms since flushes have been failing (0: the last one succeeded). */
  flushFailingSince: number;
  /** The error of the last failed flush attempt ("" when none). */
  flushError: string;
}

export interface AggregatorWorker {
  start(): Promise<void>;
  /** Flushes what is pending and leaves the group. */
  stop(): Promise<void>;
  stats(): WorkerStats;
  /** Shops some viewer is looking at (from the watch topic). */
  watch(shopIds: Iterable<number>): void;
  /** Lag behind the log end as of the last frame (null: not measured; replays do not). */
  pipeline(): PipelineHealth | null;
}

interface PartitionState extends TopicPartition {
  id: number;
  type: EventType;
  /** The source mapping's decoder (null: the native contract). */
  decoder: BatchDecoder | null;
  /** First offset not yet persisted when the partition was assigned: events before it only restore windows. */
  persistedFrom: number;
  /** Next offset of the last snapshot taken for persisting (written or on its way). */
  snapshotNext: number;
  /** Next offset after the events processed so far. */
  pendingNext: number;
  /** Newest event time counted (the partition's watermark as the hold-back rule sees it). */
  newest: number | null;
}

export function createAggregatorWorker(opts: WorkerOptions): AggregatorWorker {
  const {
    kafka,
    store,
    topics,
    groupId,
    stream = "live",
    workerId,
    logger,
    clock = Date.now,
    frameIntervalMs = 1000,
    flushIntervalMs = 1000,
    snapshotRetentionHours = 48,
    snapshots = true,
    capacityRefreshMs = 30_000,
  } = opts;
  const transform = opts.transformCapacity ?? ((t: CapacityTable) => t);
  const range = opts.eventRange;
  const typeOf = opts.sources
    ? new Map([...opts.sources].map(([topic, d]) => [topic, d.type]))
    : new Map<string, EventType>([
        [topics.orders, "order"],
        [topics.downloads, "download"],
        [topics.api, "api"],
      ]);
  const extraFields = createExtraFieldCounts();
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
  const deadLetter = createDeadLetter({
    producer,
    topic: topics.deadLetter,
    workerId,
    maxValueBytes: opts.deadLetterMaxBytes,
  });
  const inputAlerts = createInputAlerts({ workerId });
  /** Unreadable batches wait in the hold-back as empty batches; this says which they are. */
  const markerOf = new WeakMap<SourceBatch, UnreadableBatch>();
  const ids = new Map<string, number>();
  let partitions = new Map<string, PartitionState>();
  const fencedKeys = new Set<string>();
  let capacity: CapacityTable | null = null;
  let aggregator: Aggregator | null = null;
  let watched: number[] = [];
  let flushing: Promise<void> = Promise.resolve();
  let lastFlush = clock();
  let timers: NodeJS.Timeout[] = [];
  let publishing = false;
  let running = false;
  let stopping = false;
  let latestWatermark = 0;
  /** Partitions far ahead of the others in event time wait here (core/pipeline/alignment.ts). */
  const holdBack = createHoldBack();
  /** Lag behind the producers, in every frame (live workers only). */
  let health: PipelineHealthTracker | null = null;
  let lastHealth: PipelineHealth | null = null;
  let shopRules: Rule[] = [];
  let evaluator: RuleEvaluator = createRuleEvaluator({ rules: [], clock });
  /** Alert updates evaluated but not yet acknowledged by the alerts topic (or sink). */
  let unsentAlerts: Alert[] = [];

  const reloadRules = async () => {
    if (!opts.loadRules) return;
    shopRules = (await opts.loadRules()).filter((r) => r.kind === "shop_over_capacity");
    evaluator.setRules(shopRules);
  };

  /**
   * Shop rules at the frame's event time, plus alerts about the worker's input; the updates go
   * to the `alerts` topic.
   */
  const evaluateShopRules = async (agg: Aggregator, frame: Frame) => {
    unsentAlerts = unsentAlerts.concat(inputAlerts.updates());
    if (frame.watermark !== null && evaluator.rules.length > 0) {
      const minFactor = Math.min(
        ...evaluator.rules.map((r) => (r.kind === "shop_over_capacity" ? r.factor : 1)),
      );
      const candidates = agg.shopsOver(minFactor);
      const alerts = evaluator.evaluate(frame.watermark, (rule) =>
        rule.kind === "shop_over_capacity" ? shopConditions(rule, candidates) : [],
      );
      // concat, not push(...): a storm of updates (50,000 shops) must not hit the argument limit.
      unsentAlerts = unsentAlerts.concat(alerts);
    }
    if (unsentAlerts.length === 0) return;
    // The evaluator has moved on: an update that is not sent now is sent with the next frame's,
    // in order, never dropped (a launch-spike storm of thousands goes out in several sends).
    const batch = unsentAlerts;
    try {
      if (opts.alertSink) await opts.alertSink(batch);
      else {
        await sendChunked(producer, {
          topic: topics.alerts,
          messages: batch.map((a) => ({ key: a.fingerprint, value: JSON.stringify(a) })),
        });
      }
      unsentAlerts = unsentAlerts.slice(batch.length);
      stats.alertsPublished += batch.length;
    } catch (err) {
      logger.warn("alert updates not sent; retrying with the next frame", {
        alerts: batch.length,
        error: describeError(err),
      });
    }
  };
  const stats: WorkerStats = {
    consumed: 0,
    counted: 0,
    invalid: 0,
    flushMs: 0,
    flushWaitMs: 0,
    flushes: 0,
    framesPublished: 0,
    frameMs: 0,
    alertsPublished: 0,
    filtered: 0,
    extraFields: [],
    lastFlushAt: 0,
    assigned: 0,
    flushFailingSince: 0,
    flushError: "",
  };

  const newAggregator = (table: CapacityTable) =>
    createAggregator({
      source: workerId,
      capacity: table,
      clock,
      graceMs: opts.graceMs,
      idleMs: opts.idleMs,
      dedupHorizonMs: opts.dedupHorizonMs,
      streamTime: opts.streamTime,
      topK: opts.topK,
    });

  /**
   * Takes everything to persist at one instant (dead letters, deltas, positions), so what is
   * stored always matches the offsets stored with it, then writes it in the background. A
   * failed write is retried with the same content (the transaction is atomic, so a retry is
   * safe); later snapshots wait behind it, keeping partitions' offsets in order.
   */
  const snapshot = () => {
    const agg = aggregator;
    if (!agg) return null;
    const letters = deadLetter.take();
    // A fenced partition's work is void (another worker has stored past it): drop its deltas.
    const fencedIds = [...partitions.values()].filter((p) => fencedKeys.has(tpKey(p))).map((p) => p.id);
    if (fencedIds.length) agg.takeDeltas(fencedIds);
    const dirty = [...partitions.values()].filter(
      (p) => p.pendingNext !== p.snapshotNext && !fencedKeys.has(tpKey(p)),
    );
    const deltas = agg.takeDeltas(dirty.map((p) => p.id));
    const parts: PartitionFlush[] = dirty.map((p) => {
      const info = agg.partitionInfo(p.id);
      const part = {
        topic: p.topic,
        partition: p.partition,
        expectedNext: p.snapshotNext,
        nextOffset: p.pendingNext,
        watermark: info.watermark ?? 0,
        restoreOffset: Math.min(info.restoreOffset ?? p.pendingNext, p.pendingNext),
        counters: info.counters,
        delta: deltas.get(p.id) ?? { metrics: [], counters: info.counters },
      };
      p.snapshotNext = p.pendingNext;
      return part;
    });
    return { letters, parts };
  };

  const write = async ({ letters, parts }: NonNullable<ReturnType<typeof snapshot>>) => {
    const t0 = clock();
    for (let attempt = 0; ; attempt++) {
      let stage = "dead letters";
      try {
        await deadLetter.send(letters).catch((err) => {
          // Not silent: an alert goes out (with the next frame) and the log says what waits.
          if (attempt >= 2) {
            inputAlerts.note(
              "dead-letter-unwritable",
              topics.deadLetter,
              letters.length,
              `${letters.length} dead letters not accepted: ${describeError(err)}`,
            );
          }
          throw err;
        });
        stage = "postgres";
        const fenced = await store.flush(groupId, stream, parts);
        if (fenced.length) {
          // Another worker stored these partitions past us (a rebalance raced our last flush):
          // reload every partition from the store and rebuild, so nothing is counted twice.
          logger.warn("partitions fenced by another worker; resyncing", { partitions: fenced.map(tpKey) });
          for (const f of fenced) fencedKeys.add(tpKey(f));
          consumer.resync();
        }
        const lost = new Set(fenced.map(tpKey));
        await consumer
          .commit(
            parts
              .filter((p) => !lost.has(tpKey(p)))
              .map((p) => ({ topic: p.topic, partition: p.partition, offset: p.nextOffset })),
          )
          .catch((err) =>
            logger.warn("kafka offset commit failed (positions are in Postgres)", {
              error: describeError(err),
            }),
          );
        break;
      } catch (err) {
        if (!running && attempt >= 3) throw err;
        if (stats.flushFailingSince === 0) stats.flushFailingSince = clock();
        stats.flushError = `${stage}: ${describeError(err)}`;
        const delay = Math.min(10_000, 200 * 2 ** attempt);
        logger.error(
          stage === "postgres"
            ? "flush failed (database); retrying the same snapshot, consuming waits"
            : "dead letters not sent; their offsets are held and consuming waits; retrying",
          { error: describeError(err), attempt, delayMs: delay, letters: letters.length },
        );
        await new Promise((r) => setTimeout(r, delay));
      }
    }
    stats.flushFailingSince = 0;
    stats.flushError = "";
    stats.flushes++;
    stats.lastFlushAt = clock();
    stats.flushMs += stats.lastFlushAt - t0;
  };

  let inFlight = 0;
  /** Starts a flush; flushes run one after another. Resolves when this one is written. */
  const flush = () => {
    lastFlush = clock();
    const snap = snapshot();
    if (!snap) return flushing;
    inFlight++;
    flushing = flushing.then(() => write(snap)).finally(() => inFlight--);
    return flushing;
  };

  const emit = async (agg: Aggregator, frame: Frame) => {
    if (health) {
      const progress = [...partitions.values()].map((p) => ({
        topic: p.topic,
        partition: p.partition,
        position: p.pendingNext,
        eventTime: p.newest,
        held: holdBack.isHeld(tpKey(p)),
      }));
      frame.pipeline = lastHealth = health.snapshot(progress);
    }
    if (frame.watermark !== null) latestWatermark = Math.max(latestWatermark, frame.watermark);
    if (opts.publishFrames !== false) {
      await producer.send({
        topic: topics.frames,
        messages: [{ key: workerId, value: JSON.stringify(frame) }],
      });
    }
    stats.framesPublished++;
    opts.onFrame?.(frame);
    if (snapshots) await store.saveSnapshot(stream, frame);
    await evaluateShopRules(agg, frame);
  };

  let publishingDone: Promise<void> = Promise.resolve();
  const publishFrame = () => {
    if (!aggregator || publishing) return publishingDone;
    publishing = true;
    publishingDone = publishFrames();
    return publishingDone;
  };

  const publishFrames = async () => {
    const agg = aggregator;
    const t0 = clock();
    const before = stats.framesPublished + stats.counted;
    try {
      if (!agg) return;
      agg.watch(watched);
      releaseHeld(agg);
      // A partition whose log end is past its position is not caught up, however long ago its
      // last batch came: a starved worker (a busy machine) fetches it late, and it must hold the
      // windows open meanwhile instead of letting them close without its events.
      if (health)
        for (const p of partitions.values())
          if ((health.logEnd(tpKey(p)) ?? -1) > p.pendingNext) agg.setCaughtUp(p.id, false);
      const step = opts.frameStepSeconds;
      if (!step) await emit(agg, agg.frame());
      else {
        const end = agg.closableEnd();
        let from = agg.openFrom();
        while (end !== null && from !== null && from < end && agg === aggregator) {
          // Step boundaries are multiples of the step, so frames of all workers line up per second.
          await emit(agg, agg.frame(Math.min(end, (Math.floor(from / step) + 1) * step)));
          from = agg.openFrom();
        }
        // The steps just emitted let held partitions count further (a replay's windows are
        // read at the first step not yet emitted).
        releaseHeld(agg);
      }
    } catch (err) {
      logger.warn("frame not published", { error: describeError(err) });
    } finally {
      stats.frameMs += clock() - t0;
      publishing = false;
    }
    // A replay does not wait for the next tick while partitions are held back: emitting steps is
    // what releases them (it paced a 9-hour replay at 60 event-time seconds per tick, 390 s).
    if (
      opts.frameStepSeconds &&
      running &&
      !stopping &&
      holdBack.keys().length > 0 &&
      stats.framesPublished + stats.counted > before
    )
      setImmediate(() => void publishFrame());
  };

  /**
   * Counts a batch's messages from index `from` on. Returns the index of the first message that
   * must wait because its partition is far ahead of the others (null: all counted).
   */
  const countBatch = (
    tp: TopicPartition,
    p: PartitionState,
    agg: Aggregator,
    batch: SourceBatch,
    from: number,
  ): number | null => {
    const marker = markerOf.get(batch);
    if (marker) {
      countUnreadable(tp, p, agg, marker);
      return null;
    }
    const { count, offsets, data, valueStart, valueEnd, keyStart, keyEnd } = batch;
    /** The dead letter copies (at most its limit): views would hold the fetch response. */
    const letter = (i: number, reason: string) =>
      deadLetter.add(tp, { offset: offsets[i]!, key: keyAt(batch, i), value: valueAt(batch, i) }, reason);
    let ahead = 0;
    const rule = holdRule({
      base: opts.frameStepSeconds ? agg.openFrom() : (agg.closableEnd() ?? agg.openFrom()),
      graceMs: opts.graceMs ?? 5000,
    });
    for (let i = from; i < count; i++) {
      const offset = offsets[i]!;
      const persist = offset >= p.persistedFrom;
      const decoded = p.decoder
        ? p.decoder.decode(batch, i)
        : decodeEventAt(data, valueStart[i]!, valueEnd[i]!, p.type);
      if (decoded === null) {
        stats.filtered++; // not relevant to Launchwatch (the mapping's filter)
      } else if (!decoded.ok) {
        agg.invalid(p.id, persist);
        if (persist) letter(i, decoded.reason);
        stats.invalid++;
      } else if (range && (decoded.event.ts < range.from || decoded.event.ts >= range.to)) {
        // Outside the replayed range: neither counted nor dropped.
      } else if (
        !p.decoder &&
        decoded.event.type === "order" &&
        !keyMatchesShop(data, keyStart[i]!, keyEnd[i]!, decoded.event.shopId)
      ) {
        agg.invalid(p.id, persist);
        if (persist) letter(i, `key does not match shopId ${decoded.event.shopId}`);
        stats.invalid++;
      } else {
        // Far ahead of the other partitions: wait (the windows hold a bounded span of seconds).
        if (mustWait(rule, p.newest, decoded.event.ts)) {
          noteAhead(tp, ahead);
          return i;
        }
        if (decoded.extra && persist) extraFields.note(decoded.event.type, decoded.extra);
        const r = agg.ingest(p.id, offset, decoded.event, persist);
        if (typeof r === "object") {
          if (persist) {
            letter(i, r.rejected);
            if (r.rejected.startsWith("ts ahead of stream")) ahead++;
          }
          stats.invalid++;
        } else if (r === "counted") {
          stats.counted++;
          if (p.newest === null || decoded.event.ts > p.newest) p.newest = decoded.event.ts;
        }
      }
      if (persist) p.pendingNext = offset + 1;
    }
    noteAhead(tp, ahead);
    return null;
  };

  const noteAhead = (tp: TopicPartition, n: number) => {
    if (n > 0) inputAlerts.note("input-ahead-of-stream", tp.topic, n, `${n} events quarantined`);
  };

  /** A batch the consumer could not read: one marker dead letter, its records counted. */
  const countUnreadable = (tp: TopicPartition, p: PartitionState, agg: Aggregator, u: UnreadableBatch) => {
    if (u.lastOffset < p.persistedFrom) return; // restoring windows: stored already
    deadLetter.addUnreadable(tp, u);
    agg.unreadable(p.id, u.records, true);
    inputAlerts.note(
      "input-unreadable-batch",
      tp.topic,
      u.records,
      `${tp.topic}[${tp.partition}] offsets ${u.firstOffset}-${u.lastOffset}: ${u.reason}`,
    );
    if (u.lastOffset >= p.pendingNext) p.pendingNext = u.lastOffset + 1;
  };

  /** Counts what held partitions may count now; a partition fully released fetches again. */
  const releaseHeld = (agg: Aggregator) => {
    for (const key of holdBack.keys()) {
      const p = partitions.get(key);
      if (!p) continue;
      const done = holdBack.release(key, (h) => countBatch(p, p, agg, h.batch, h.from));
      agg.setCaughtUp(p.id, done ?? false);
    }
  };

  const handlers = {
    onUnreadable(tp: TopicPartition, u: UnreadableBatch) {
      const key = tpKey(tp);
      const p = partitions.get(key);
      const agg = aggregator;
      if (!p || !agg || stopping) return;
      if (!holdBack.isHeld(key)) countUnreadable(tp, p, agg, u);
      else {
        // Behind messages held back: counted in its turn, in offset order.
        const empty = packMessages([]);
        markerOf.set(empty, u);
        holdBack.hold(key, { batch: empty, from: 0, caughtUp: false });
      }
    },

    onFatal(err: unknown) {
      logger.error("worker stopped", { error: describeError(err) });
      opts.onFatal?.(err);
    },

    async onAssign(assigned: AssignedPartition[]) {
      await flush().catch((err) =>
        logger.warn("flush before rebalance failed", { error: describeError(err) }),
      );
      if (!capacity) throw new LaunchwatchError("capacity table not loaded");
      const agg = newAggregator(capacity);
      const stored = await store.loadPartitions(groupId, assigned);
      const next = new Map<string, PartitionState>();
      const positions = new Map<string, number>();
      const highs = new Map(assigned.map((a) => [tpKey(a), a.high]));
      for (const s of stored) {
        const key = tpKey(s);
        let id = ids.get(key);
        if (id === undefined) ids.set(key, (id = ids.size));
        next.set(key, {
          topic: s.topic,
          partition: s.partition,
          id,
          type: typeOf.get(s.topic)!,
          decoder: opts.sources?.get(s.topic) ?? null,
          persistedFrom: s.nextOffset,
          snapshotNext: s.nextOffset,
          pendingNext: s.nextOffset,
          newest: null,
        });
        const from = Math.min(s.restoreOffset, s.nextOffset);
        agg.addPartition(id, s.counters, from >= (highs.get(key) ?? 0));
        positions.set(key, from);
      }
      partitions = next;
      aggregator = agg;
      holdBack.clear();
      fencedKeys.clear();
      // Shops that moved to another worker are evaluated there; starting afresh here sends no
      // false "resolved" for them (the notifier resolves what nobody re-sends).
      evaluator = createRuleEvaluator({ rules: shopRules, clock });
      stats.assigned = next.size;
      return positions;
    },

    held: (tp: TopicPartition) => holdBack.isHeld(tpKey(tp)),

    async onBatch(tp: TopicPartition, batch: SourceBatch, caughtUp: boolean) {
      const key = tpKey(tp);
      const p = partitions.get(key);
      const agg = aggregator;
      if (!p || !agg || stopping) return;
      const { count } = batch;
      if (holdBack.isHeld(key)) holdBack.hold(key, { batch, from: 0, caughtUp });
      else {
        const stopped = countBatch(tp, p, agg, batch, 0);
        if (stopped === null) agg.setCaughtUp(p.id, caughtUp);
        else holdBack.hold(key, { batch, from: stopped, caughtUp });
      }
      releaseHeld(agg);
      if (opts.frameStepSeconds && holdBack.keys().length > 0) void publishFrame();
      stats.consumed += count;
      if (clock() - lastFlush >= flushIntervalMs) {
        const done = flush();
        // Writes overlap with consuming, but at most two may queue up: then wait (backpressure).
        if (inFlight > 2) {
          const t0 = clock();
          await done;
          stats.flushWaitMs += clock() - t0;
        }
      }
    },
  };

  return {
    async start() {
      capacity = transform(await store.loadCapacity());
      if (capacity.size === 0) {
        throw new LaunchwatchError("No shops in the database: seed the reference data first (npm run seed).");
      }
      await producer.connect();
      if (opts.publishFrames !== false)
        health = await startPipelineHealth({ kafka, topics: [...typeOf.keys()], logger, clock });
      await reloadRules();
      running = true;
      timers = [
        setInterval(() => void publishFrame(), frameIntervalMs),
        setInterval(() => {
          if (clock() - lastFlush >= flushIntervalMs)
            flush().catch((err) => logger.error("flush failed", { error: describeError(err) }));
        }, flushIntervalMs),
        setInterval(
          () =>
            void reloadRules().catch((err) =>
              logger.warn("rule reload failed", { error: describeError(err) }),
            ),
          opts.rulesRefreshMs ?? 30_000,
        ),
        setInterval(async () => {
          try {
            const table = transform(await store.loadCapacity());
            if (capacity && table.size === capacity.size) {
              capacity = table;
              aggregator?.setCapacity(table);
            }
          } catch (err) {
            logger.warn("capacity refresh failed", { error: describeError(err) });
          }
        }, capacityRefreshMs),
      ];
      if (snapshots) {
        timers.push(
          setInterval(
            () => {
              // Retention is in event time: a replayed launch from months ago is not "old".
              if (latestWatermark === 0) return;
              const horizon = Math.floor(latestWatermark / 1000) - snapshotRetentionHours * 3600;
              store
                .pruneSnapshots(stream, horizon)
                .catch((err) => logger.warn("snapshot prune failed", { error: describeError(err) }));
            },
            opts.snapshotPruneIntervalMs ?? 10 * 60_000,
          ),
        );
      }
      for (const t of timers) t.unref();
      await consumer.run(handlers);
      logger.info("worker started", { workerId, groupId, shops: capacity.size });
    },

    async stop() {
      if (!running) return;
      running = false;
      // Flush while still a group member, so no other worker takes a partition over before its
      // last aggregates are stored; then leave.
      stopping = true;
      for (const t of timers) clearInterval(t);
      await flush().catch((err) => logger.error("final flush failed", { error: describeError(err) }));
      // Let a frame loop under way finish, then close what remains in one last frame.
      await publishingDone;
      await publishFrame();
      await consumer.stop();
      await producer.disconnect().catch(() => {});
      await health?.stop();
    },

    stats: () => ({ ...stats, extraFields: extraFields.entries() }),
    pipeline: () => lastHealth,

    watch(shopIds) {
      watched = [...shopIds];
    },
  };
}
