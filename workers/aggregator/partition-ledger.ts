/**
 * The partition ledger of an aggregation worker: takes what is to be persisted at one instant
 * (dead letters, deltas, positions) and writes it in the background, one snapshot after
 * another, retrying a failed write with the same content (the Postgres transaction is atomic,
 * so a retry is safe). A partition another worker has stored past is fenced: its work is void
 * and the consumer resyncs.
 */
import type { AggregateStore, PartitionFlush } from "../../adapters/db/aggregate-store";
import { type PartitionConsumer, tpKey } from "../../adapters/kafka/partition-consumer";
import type { Logger } from "../../adapters/log";
import { describeError } from "../../core/errors";
import type { DeadLetter } from "./dead-letter";
import type { InputAlerts } from "./input-alerts";
import type { WorkerState } from "./worker-state";

export interface PartitionLedgerOptions {
  state: WorkerState;
  store: AggregateStore;
  consumer: PartitionConsumer;
  deadLetter: DeadLetter;
  inputAlerts: InputAlerts;
  deadLetterTopic: string;
  groupId: string;
  stream: string;
  logger: Logger;
  clock: () => number;
  /** False once the worker stops: a write failing then gives up after a few attempts. */
  running: () => boolean;
}

export interface PartitionLedger {
  /** Starts a flush; flushes run one after another. Resolves when this one is written. */
  flush(): Promise<void>;
  /** Flushes queued or under way. */
  inFlight(): number;
  /** Wall-clock ms of the last flush started. */
  lastFlush(): number;
}

export function createPartitionLedger(opts: PartitionLedgerOptions): PartitionLedger {
  const { state, store, consumer, deadLetter, inputAlerts, groupId, stream, logger, clock } = opts;
  const { stats, fencedKeys } = state;
  let flushing: Promise<void> = Promise.resolve();
  let lastFlush = clock();
  let inFlight = 0;

  /** Everything to persist at one instant, so what is stored matches the offsets stored with it. */
  const snapshot = () => {
    const agg = state.aggregator;
    if (!agg) return null;
    const letters = deadLetter.take();
    const partitions = [...state.partitions.values()];
    // A fenced partition's work is void (another worker has stored past it): drop its deltas.
    const fencedIds = partitions.filter((p) => fencedKeys.has(tpKey(p))).map((p) => p.id);
    if (fencedIds.length) agg.takeDeltas(fencedIds);
    const dirty = partitions.filter((p) => p.pendingNext !== p.snapshotNext && !fencedKeys.has(tpKey(p)));
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
  type Snapshot = NonNullable<ReturnType<typeof snapshot>>;

  /** One attempt: dead letters first (their offsets are held until they are accepted), then Postgres. */
  const attempt = async ({ letters, parts }: Snapshot, n: number, stage: { name: string }) => {
    stage.name = "dead letters";
    await deadLetter.send(letters).catch((err) => {
      // Not silent: an alert goes out (with the next frame) and the log says what waits.
      if (n >= 2) {
        inputAlerts.note(
          "dead-letter-unwritable",
          opts.deadLetterTopic,
          letters.length,
          `${letters.length} dead letters not accepted: ${describeError(err)}`,
        );
      }
      throw err;
    });
    stage.name = "postgres";
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
  };

  const write = async (snap: Snapshot) => {
    const t0 = clock();
    for (let n = 0; ; n++) {
      const stage = { name: "dead letters" };
      try {
        await attempt(snap, n, stage);
        break;
      } catch (err) {
        if (!opts.running() && n >= 3) throw err;
        if (stats.flushFailingSince === 0) stats.flushFailingSince = clock();
        stats.flushError = `${stage.name}: ${describeError(err)}`;
        const delay = Math.min(10_000, 200 * 2 ** n);
        logger.error(
          stage.name === "postgres"
            ? "flush failed (database); retrying the same snapshot, consuming waits"
            : "dead letters not sent; their offsets are held and consuming waits; retrying",
          { error: describeError(err), attempt: n, delayMs: delay, letters: snap.letters.length },
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

  return {
    flush() {
      lastFlush = clock();
      const snap = snapshot();
      if (!snap) return flushing;
      inFlight++;
      flushing = flushing.then(() => write(snap)).finally(() => inFlight--);
      return flushing;
    },
    inFlight: () => inFlight,
    lastFlush: () => lastFlush,
  };
}
