/**
 * Pipeline health as data: what a worker knows about how far behind its producers it is. Sent in
 * every frame (`Frame.pipeline`), shown on every page and exported in /metrics.
 */
import { z } from "zod";

const nonneg = z.number().nonnegative();

export const PartitionHealthSchema = z.strictObject({
  topic: z.string(),
  partition: z.number().int().nonnegative(),
  /** Next offset the worker will count. */
  position: z.number().int().nonnegative(),
  /** Log end offset last read from the broker (null: not read yet). */
  logEnd: z.number().int().nonnegative().nullable(),
  /** Messages behind the log end (null: log end unknown). */
  lagMessages: z.number().int().nonnegative().nullable(),
  /** Wall-clock seconds the next unread message has waited (null: unknown). */
  lagSeconds: nonneg.nullable(),
  /** Newest event time counted on the partition (ms; null: none yet). */
  eventTime: z.number().int().nullable(),
  /** Wall seconds the newest event time is behind the worker's clock (core/pipeline/event-delay). */
  eventDelaySeconds: nonneg.nullable().optional(),
  /** The producers' delay: the event delay while caught up (null: behind, quiet or unknown). */
  producerDelaySeconds: nonneg.nullable().optional(),
  /** Held back: far ahead of the other partitions in event time (see core/pipeline/alignment). */
  held: z.boolean(),
});
export type PartitionHealth = z.infer<typeof PartitionHealthSchema>;

export const PipelineHealthSchema = z.strictObject({
  /** Sum over the worker's partitions (null: some log end unknown). */
  lagMessages: z.number().int().nonnegative().nullable(),
  /** The largest over the worker's partitions (null: unknown). */
  lagSeconds: nonneg.nullable(),
  /** The largest producer delay over the partitions being written to (null: none known). */
  producerDelaySeconds: nonneg.nullable().optional(),
  /**
   * Event-time ms from which the worker's windows hold measured data at the latest: the second
   * of the slowest partition's newest event in its first report with any (null: none yet). Its
   * windows are partial before it; the web narrows it with the first data seconds of its frames.
   */
  dataSince: z.number().int().nullable().optional(),
  /** Messages per second counted and produced over the last 10 s (null: not measured yet). */
  consumedPerSec: nonneg.nullable(),
  producedPerSec: nonneg.nullable(),
  partitions: z.array(PartitionHealthSchema),
});
export type PipelineHealth = z.infer<typeof PipelineHealthSchema>;
