/** History for the time-range picker: snapshot rows for a range, combined and downsampled. */
import type { SnapshotReader } from "../../adapters/db/snapshot-reader";
import { buildHistory, defaultMaxPoints, type HistorySeries, planHistory } from "../../core/live/history";

export interface HistoryQuery {
  /** Epoch seconds; default `to` minus `spanSec`. */
  from?: number;
  /** Length of the range when `from` is not given (default 900 s). */
  spanSec?: number;
  /** Epoch seconds; default: the newest snapshot (or now when there is none). */
  to?: number;
  maxPoints?: number;
  shopIds?: number[];
  group?: string;
}

export interface HistoryService {
  get(q: HistoryQuery): Promise<HistorySeries>;
}

/** Longest range one request may ask for. */
export const maxHistoryRangeSec = 31 * 86_400;

export function createHistoryService({
  reader,
  clock = Date.now,
}: {
  reader: SnapshotReader;
  clock?: () => number;
}): HistoryService {
  return {
    async get({ from, to, spanSec = 900, maxPoints = defaultMaxPoints, shopIds = [], group = "live" }) {
      // Event time may run behind (or, in a compressed replay, ahead of) the wall clock:
      // "the last 15 minutes" means the last 15 minutes of data when no end is given.
      const end = to ?? (await reader.latest(group)) ?? Math.floor(clock() / 1000);
      const start = Math.max(from ?? end - spanSec + 1, end - maxHistoryRangeSec);
      const plan = planHistory(start, end, Math.min(maxPoints, 2000));
      return buildHistory(plan, await reader.read(plan, group), { shopIds });
    },
  };
}
