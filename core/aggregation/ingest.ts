/**
 * Whether an event counts, in this order: a duplicate id, an order naming a shop the reference
 * data does not know (or under another chain or city), late (behind its partition's watermark
 * minus grace, or in a closed second), too far ahead of its stream (stream-time-guard.ts); and
 * counting it: windows, deltas, the partition's counters, watermark and restore offsets.
 */
import type { CapacityTable } from "../capacity/capacity-table";
import type { LaunchEvent } from "../events/decode";
import type { IngestResult } from "./aggregator-api";
import type { Dedup } from "./dedup";
import type { DeltaBook } from "./deltas";
import type { EventCounts } from "./event-counts";
import { noteOffset, type PartitionBook, type PartitionState } from "./partition-time";
import type { CounterName } from "./series";
import { breaksRow, judgeAhead, type StreamTimeRule } from "./stream-time-guard";

/** The stream's event-time position, shared by ingest (reads, moves) and frames (close). */
export interface StreamPosition {
  /** Seconds before this are closed (null before the first frame that closed any). */
  closedEnd: number | null;
  /** The earliest second counted (null before any event). */
  firstSecond: number | null;
  /** Largest watermark of any partition: the reference of a partition that has none yet. */
  newestWatermark: number | null;
  /** Wall clock plus the rule's allowance, refreshed every frame (no clock read per event). */
  clockLimit: number;
}

export interface Ingest {
  ingest(p: number, offset: number, e: LaunchEvent, persist: boolean): IngestResult;
  invalid(p: number, persist: boolean): void;
  unreadable(p: number, records: number, persist: boolean): void;
  setTable(table: CapacityTable): void;
}

export function createIngest({
  book,
  position: pos,
  table: initial,
  counts,
  deltas,
  dedup,
  graceMs,
  timeRule,
  clock,
}: {
  book: PartitionBook;
  position: StreamPosition;
  table: CapacityTable;
  counts: EventCounts;
  deltas: DeltaBook;
  dedup: Dedup;
  graceMs: number;
  timeRule: StreamTimeRule;
  clock: () => number;
}): Ingest {
  let table = initial;

  const count = (p: number, s: PartitionState, name: CounterName, persist: boolean) => {
    if (!persist) return;
    s.counters[name] += 1;
    deltas.counter(p, name);
  };

  const validate = (e: LaunchEvent): string | null => {
    if (e.type !== "order") return null;
    if (e.shopId >= table.size || table.known[e.shopId] !== 1) return `unknown shop ${e.shopId}`;
    const chain = table.chains[table.chainOf[e.shopId]!];
    const city = table.cities[table.cityOf[e.shopId]!];
    if (chain !== e.chain || city !== e.city) {
      return `shop ${e.shopId} is ${chain} in ${city}, not ${e.chain} in ${e.city}`;
    }
    return null;
  };

  const ingest = (p: number, offset: number, e: LaunchEvent, persist: boolean): IngestResult => {
    const s = book.state(p);
    s.lastSeen = clock();
    // Duplicates first: a re-sent bad event is a duplicate, not a second dead letter.
    if (dedup.seen(e.id)) {
      if (persist) deltas.metric(p, "dropped", 0, "duplicate");
      count(p, s, "duplicates", persist);
      return "duplicate";
    }
    const rejected = validate(e);
    if (rejected) {
      if (persist) deltas.metric(p, "dropped", 0, "rejected");
      count(p, s, "invalid", persist);
      return { rejected };
    }
    const sec = Math.floor(e.ts / 1000);
    const closedEnd = pos.closedEnd;
    if ((closedEnd !== null && sec < closedEnd) || (s.watermark !== null && e.ts < s.watermark - graceMs)) {
      if (persist) deltas.metric(p, "dropped", 0, "late");
      count(p, s, "lateDropped", persist);
      return "late";
    }
    if (s.watermark === null || e.ts > s.watermark) {
      const ref = s.watermark ?? pos.newestWatermark;
      const clockLimit = pos.clockLimit;
      if (e.ts > clockLimit || (ref !== null && e.ts > ref + timeRule.maxAheadMs)) {
        const ahead = judgeAhead(timeRule, s.jump, e.ts, ref, clockLimit);
        if (ahead) {
          if (persist) deltas.metric(p, "dropped", 0, "ahead");
          count(p, s, "ahead", persist);
          return { rejected: ahead };
        }
      } else if (s.jump.agreeing !== 0 && ref !== null && breaksRow(timeRule, e.ts, ref)) s.jump.agreeing = 0;
      s.watermark = e.ts;
      if (pos.newestWatermark === null || e.ts > pos.newestWatermark) pos.newestWatermark = e.ts;
    } else if (s.jump.agreeing !== 0 && breaksRow(timeRule, e.ts, s.watermark)) s.jump.agreeing = 0;
    noteOffset(s, sec, offset);
    if (pos.firstSecond === null || sec < pos.firstSecond) pos.firstSecond = sec;
    switch (e.type) {
      case "order":
        counts.countOrder(p, e, sec, persist);
        if (e.status === "created") count(p, s, "ordersCreated", persist);
        break;
      case "download":
        counts.countDownload(p, e, sec, persist);
        count(p, s, "downloads", persist);
        break;
      case "api":
        counts.countApi(p, e, sec, persist);
        count(p, s, "apiRequests", persist);
        break;
    }
    return "counted";
  };

  return {
    ingest,
    invalid(p, persist) {
      const s = book.state(p);
      s.lastSeen = clock();
      if (persist) deltas.metric(p, "dropped", 0, "invalid");
      count(p, s, "invalid", persist);
    },
    unreadable(p, records, persist) {
      const s = book.state(p);
      s.lastSeen = clock();
      if (!persist) return;
      deltas.metric(p, "dropped", 0, "unreadable", records);
      s.counters.unreadable += records;
      deltas.counter(p, "unreadable", records);
    },
    setTable(next) {
      table = next;
    },
  };
}
