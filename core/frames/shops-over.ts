/**
 * Shops over capacity per chain and per city across workers (issue 15). Orders are keyed by
 * shop (docs/EVENTS.md), so each shop is read by the one worker that owns its partition and the
 * workers' counts add up to the exact figure, as long as:
 * - every worker's frame counts them (older workers' frames and old snapshots do not);
 * - no partition is claimed by two workers: during a rebalance the old owner's last frame can
 *   still be the latest of its source while the new owner, restoring the last minute, counts
 *   the same shops again or only part of them, so the sum is neither exact nor a bound;
 * - every partition is read: a partition number missing from a topic's run (0, 1, 3) is one no
 *   live worker reports, and its shops are missing from the sum;
 * - the workers hold a whole minute: a worker that began less than a minute ago (its pipeline
 *   health's `dataSince`) has seen only part of each shop's last minute.
 * Not detected: a mapped orders topic whose key is not the shop (docs/SOURCES.md) can send one
 * shop's orders to two workers, each seeing part of its minute; this count, like the total
 * `shopsOverCapacity`, can then be low.
 * The topic partitions come from the frames' pipeline health; without it in every frame
 * (replays, a worker not started yet) gaps are not looked for.
 */
import type { Frame } from "./frame";

export interface ShopsOverView {
  byChain: Record<string, number>;
  byCity: Record<string, number>;
  /** Sources whose frames count shops over per group; the sums hold only theirs. */
  counted: number;
  /** Sources in the view. */
  sources: number;
  /** Topic partitions ("topic/partition") two live sources both claim. */
  shared: string[];
  /** Topic partitions below a topic's highest reported one that no live source reports. */
  unread: string[];
  /** The least event time (ms) any counting source holds of its last minute; null: a minute or unknown. */
  partialMinuteMs: number | null;
}

export const emptyShopsOver = (): ShopsOverView => ({
  byChain: {},
  byCity: {},
  counted: 0,
  sources: 0,
  shared: [],
  unread: [],
  partialMinuteMs: null,
});

function addCounts(into: Record<string, number>, from: Record<string, number>): void {
  for (const k in from) into[k] = (into[k] ?? 0) + from[k]!;
}

/** The partitions claimed twice and the gaps, from the frames' pipeline health. */
function partitionCoverage(frames: readonly Frame[]): { shared: string[]; unread: string[] } {
  const owners = new Map<string, Map<number, number>>(); // topic -> partition -> sources
  for (const f of frames) {
    for (const p of f.pipeline?.partitions ?? []) {
      let parts = owners.get(p.topic);
      if (!parts) owners.set(p.topic, (parts = new Map()));
      parts.set(p.partition, (parts.get(p.partition) ?? 0) + 1);
    }
  }
  // A gap says something only when every source says what it reads.
  const allReport = frames.every((f) => f.pipeline !== undefined);
  const shared: string[] = [];
  const unread: string[] = [];
  for (const [topic, parts] of [...owners].sort(([a], [b]) => a.localeCompare(b))) {
    const highest = Math.max(...parts.keys());
    for (let p = 0; p <= highest; p++) {
      const n = parts.get(p) ?? 0;
      if (n > 1) shared.push(`${topic}/${p}`);
      else if (n === 0 && allReport) unread.push(`${topic}/${p}`);
    }
  }
  return { shared, unread };
}

/** Sums the per-group counts of one frame per source and says how far the sums can be trusted. */
export function combineShopsOver(frames: readonly Frame[]): ShopsOverView {
  const view = emptyShopsOver();
  view.sources = frames.length;
  for (const f of frames) {
    if (!f.shopsOverByChain || !f.shopsOverByCity) continue;
    view.counted++;
    addCounts(view.byChain, f.shopsOverByChain);
    addCounts(view.byCity, f.shopsOverByCity);
    const since = f.pipeline?.dataSince;
    if (since != null && f.watermark !== null && f.watermark - since < 60_000) {
      const held = Math.max(0, f.watermark - since);
      view.partialMinuteMs = Math.min(view.partialMinuteMs ?? held, held);
    }
  }
  if (view.counted > 0) Object.assign(view, partitionCoverage(frames));
  return view;
}
