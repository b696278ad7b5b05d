/**
 * What a re-aggregation process tells the replay run over IPC when it ends (its worker's stats
 * and CPU time), validated on arrival: a message of another shape is refused, not trusted.
 */
import { z } from "zod";
import type { WorkerStats } from "../aggregator/worker";

const count = z.number().finite();

export const WorkerStatsSchema = z.object({
  consumed: count,
  counted: count,
  invalid: count,
  flushes: count,
  flushMs: count,
  flushWaitMs: count,
  framesPublished: count,
  frameMs: count,
  alertsPublished: count,
  filtered: count,
  extraFields: z.array(z.object({ type: z.enum(["order", "download", "api"]), field: z.string(), count })),
  lastFlushAt: count,
  assigned: count,
  flushFailingSince: count,
  flushError: z.string(),
}) satisfies z.ZodType<WorkerStats>;

export const ReplayWorkerReportSchema = z.object({ stats: WorkerStatsSchema, cpuMs: count });

export type ReplayWorkerReport = z.infer<typeof ReplayWorkerReportSchema>;
