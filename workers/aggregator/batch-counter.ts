/**
 * Counts fetched batches into the aggregator: decodes each record (the contract or a source
 * mapping's decoder), dead-letters what cannot count, keeps a partition far ahead of the others
 * in the hold-back (core/pipeline/alignment.ts) and advances the partition's position.
 */
import type { TopicPartition } from "../../adapters/kafka/partition-consumer";
import { tpKey } from "../../adapters/kafka/partition-consumer";
import {
  keyAt,
  packMessages,
  type SourceBatch,
  type UnreadableBatch,
  valueAt,
} from "../../adapters/kafka/source-batch";
import type { Aggregator } from "../../core/aggregation/aggregator";
import { decodeEventAt } from "../../core/events/decode";
import type { ExtraFieldCounts } from "../../core/events/extra-fields";
import { keyMatchesShop } from "../../core/events/key-check";
import { holdRule, mustWait } from "../../core/pipeline/alignment";
import type { DeadLetter } from "./dead-letter";
import type { HoldBack } from "./holdback";
import type { InputAlerts } from "./input-alerts";
import type { PartitionState, WorkerState } from "./worker-state";

export interface BatchCounterOptions {
  state: WorkerState;
  holdBack: HoldBack;
  deadLetter: DeadLetter;
  inputAlerts: InputAlerts;
  extraFields: ExtraFieldCounts;
  graceMs?: number;
  /** Replays: frames are stepped, so the hold-back rule is based on the first open second. */
  stepped: boolean;
  /** Only events with event time in [from, to) count. */
  eventRange?: { from: number; to: number };
}

export interface BatchCounter {
  /**
   * Counts a batch's messages from index `from` on. Returns the index of the first message that
   * must wait because its partition is far ahead of the others (null: all counted).
   */
  count(p: PartitionState, agg: Aggregator, batch: SourceBatch, from: number): number | null;
  /** A batch the consumer could not read: counted now, or behind what the partition holds. */
  unreadable(p: PartitionState, agg: Aggregator, u: UnreadableBatch): void;
  /** Counts what held partitions may count now; a partition fully released fetches again. */
  releaseHeld(agg: Aggregator): void;
}

export function createBatchCounter(opts: BatchCounterOptions): BatchCounter {
  const { state, holdBack, deadLetter, inputAlerts, extraFields, eventRange: range } = opts;
  const { stats } = state;
  /** Unreadable batches wait in the hold-back as empty batches; this says which they are. */
  const markerOf = new WeakMap<SourceBatch, UnreadableBatch>();

  const noteAhead = (tp: TopicPartition, n: number) => {
    if (n > 0) inputAlerts.note("input-ahead-of-stream", tp.topic, n, `${n} events quarantined`);
  };

  /** One marker dead letter, the batch's records counted as unreadable. */
  const countUnreadable = (p: PartitionState, agg: Aggregator, u: UnreadableBatch) => {
    if (u.lastOffset < p.persistedFrom) return; // restoring windows: stored already
    deadLetter.addUnreadable(p, u);
    agg.unreadable(p.id, u.records, true);
    inputAlerts.note(
      "input-unreadable-batch",
      p.topic,
      u.records,
      `${p.topic}[${p.partition}] offsets ${u.firstOffset}-${u.lastOffset}: ${u.reason}`,
    );
    if (u.lastOffset >= p.pendingNext) p.pendingNext = u.lastOffset + 1;
  };

  const count = (p: PartitionState, agg: Aggregator, batch: SourceBatch, from: number): number | null => {
    const marker = markerOf.get(batch);
    if (marker) {
      countUnreadable(p, agg, marker);
      return null;
    }
    const { count, offsets, data, valueStart, valueEnd, keyStart, keyEnd } = batch;
    /** The dead letter copies (at most its limit): views would hold the fetch response. */
    const letter = (i: number, reason: string) =>
      deadLetter.add(p, { offset: offsets[i]!, key: keyAt(batch, i), value: valueAt(batch, i) }, reason);
    let ahead = 0;
    const rule = holdRule({
      base: opts.stepped ? agg.openFrom() : (agg.closableEnd() ?? agg.openFrom()),
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
          noteAhead(p, ahead);
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
    noteAhead(p, ahead);
    return null;
  };

  return {
    count,
    unreadable(p, agg, u) {
      const key = tpKey(p);
      if (!holdBack.isHeld(key)) countUnreadable(p, agg, u);
      else {
        // Behind messages held back: counted in its turn, in offset order.
        const empty = packMessages([]);
        markerOf.set(empty, u);
        holdBack.hold(key, { batch: empty, from: 0, caughtUp: false });
      }
    },
    releaseHeld(agg) {
      for (const key of holdBack.keys()) {
        const p = state.partitions.get(key);
        if (!p) continue;
        const done = holdBack.release(key, (h) => count(p, agg, h.batch, h.from));
        agg.setCaughtUp(p.id, done ?? false);
      }
    },
  };
}
