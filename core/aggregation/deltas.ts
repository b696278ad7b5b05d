/**
 * What changed since the last flush, per partition: metric increments and counters. The worker writes a partition's deltas together with its offset in one
 * transaction, so a partition's aggregates and position never disagree.
 */
import { bucketOf, type CounterName, type Counters, type SeriesId, seriesDefs, zeroCounters } from "./series";

export interface MetricDelta {
  resolution: number;
  series: string;
  bucket: number;
  key: string;
  value: number;
}

export interface PartitionDelta {
  metrics: MetricDelta[];
  counters: Counters;
}

export interface DeltaBook {
  /** The numeric id of a series key; ids are stable, so callers on the hot path cache them. */
  keyId(series: SeriesId, key: string): number;
  metricById(partition: number, id: number, second: number, n?: number): void;
  metric(partition: number, series: SeriesId, second: number, key: string, n?: number): void;
  counter(partition: number, name: CounterName, n?: number): void;
  /** Removes and returns the deltas of the given partitions (all when omitted). */
  take(partitions?: Iterable<number>): Map<number, PartitionDelta>;
  /** Whether anything is pending. */
  readonly empty: boolean;
}

interface PartitionBook {
  /** bucket start -> increments indexed by key id (grown as key ids are added) */
  buckets: Map<number, Float64Array>;
  counters: Counters;
  /** Per resolution (by its index in `resolutions`): the bucket last written and its array. */
  hotBucket: Float64Array;
  hotValues: Array<Float64Array | undefined>;
}

/** The distinct series resolutions, so a book can keep one hot bucket for each. */
const resolutions = [...new Set(Object.values(seriesDefs).map((d) => d.resolution))];

export function createDeltaBook(): DeltaBook {
  const keyIds = new Map<SeriesId, Map<string, number>>();
  const keyDefs: Array<{ series: SeriesId; key: string; resolution: number }> = [];
  // Resolutions by key id, for the hot path.
  let resolutionOf = new Int32Array(64);
  let resolutionIndexOf = new Int32Array(64);
  const perPartition = new Map<number, PartitionBook>();
  // The same books by partition number, for the per-event lookup (partitions are small integers).
  const byNumber: Array<PartitionBook | undefined> = [];
  let pending = 0;

  const part = (p: number) => {
    const dense = p >>> 0 === p && p < 4096;
    let d = dense ? byNumber[p] : perPartition.get(p);
    if (!d) {
      d = {
        buckets: new Map(),
        counters: zeroCounters(),
        hotBucket: new Float64Array(resolutions.length).fill(Number.NaN),
        hotValues: resolutions.map(() => undefined),
      };
      perPartition.set(p, d);
      if (dense) byNumber[p] = d;
    }
    return d;
  };

  const keyId = (series: SeriesId, key: string): number => {
    let ids = keyIds.get(series);
    if (!ids) keyIds.set(series, (ids = new Map()));
    let id = ids.get(key);
    if (id === undefined) {
      const resolution = seriesDefs[series].resolution;
      id = keyDefs.push({ series, key, resolution }) - 1;
      ids.set(key, id);
      if (id >= resolutionOf.length) {
        const bigger = new Int32Array(resolutionOf.length * 2);
        bigger.set(resolutionOf);
        resolutionOf = bigger;
        const biggerIndex = new Int32Array(resolutionIndexOf.length * 2);
        biggerIndex.set(resolutionIndexOf);
        resolutionIndexOf = biggerIndex;
      }
      resolutionOf[id] = resolution;
      resolutionIndexOf[id] = resolutions.indexOf(resolution);
    }
    return id;
  };
  let lastP = -1;
  let lastPart: PartitionBook | null = null;

  // Typed arrays per (partition, bucket): the hot path allocates nothing once a bucket exists.
  const metricById = (p: number, id: number, second: number, n = 1) => {
    const bucket = bucketOf(resolutionOf[id]!, second);
    if (p !== lastP || !lastPart) {
      lastPart = part(p);
      lastP = p;
    }
    const book = lastPart;
    const r = resolutionIndexOf[id]!;
    let values = book.hotBucket[r] === bucket ? book.hotValues[r] : book.buckets.get(bucket);
    if (values === undefined || id >= values.length) {
      const grown = new Float64Array(Math.max(64, resolutionOf.length));
      if (values) grown.set(values);
      book.buckets.set(bucket, (values = grown));
      // Another resolution's hot bucket may be this one's old array.
      book.hotBucket.fill(Number.NaN);
    }
    book.hotBucket[r] = bucket;
    book.hotValues[r] = values;
    values[id] = values[id]! + n;
    pending++;
  };

  return {
    keyId,
    metricById,
    metric(p, series, second, key, n = 1) {
      metricById(p, keyId(series, key), second, n);
    },
    counter(p, name, n = 1) {
      if (p !== lastP || !lastPart) {
        lastPart = part(p);
        lastP = p;
      }
      lastPart.counters[name] += n;
      pending++;
    },
    take(partitions) {
      const out = new Map<number, PartitionDelta>();
      lastP = -1;
      lastPart = null;
      for (const p of partitions ?? [...perPartition.keys()]) {
        const d = perPartition.get(p);
        if (!d) continue;
        perPartition.delete(p);
        if (p >>> 0 === p && p < 4096) byNumber[p] = undefined;
        const metrics: MetricDelta[] = [];
        for (const [bucket, values] of d.buckets) {
          for (let id = 0; id < values.length; id++) {
            const value = values[id]!;
            if (value === 0) continue;
            const def = keyDefs[id]!;
            const sd = seriesDefs[def.series];
            metrics.push({ resolution: sd.resolution, series: sd.name, bucket, key: def.key, value });
          }
        }
        out.set(p, { metrics, counters: d.counters });
      }
      if (perPartition.size === 0) pending = 0;
      return out;
    },
    get empty() {
      return pending === 0;
    },
  };
}
