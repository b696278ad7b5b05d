/**
 * V8 flags the aggregation worker process runs with (`npm run worker`, the worker bench).
 * Empty: measured, the defaults were kept (see docs/BENCHMARKS.md, Aggregation worker).
 */
export const workerNodeFlags: readonly string[] = [];
