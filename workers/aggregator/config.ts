/** Settings of the aggregation worker process, read once from the environment. */
import { hostname } from "node:os";
import { z } from "zod";
import { kafkaClients } from "../../adapters/kafka/choose-consumer";
import { baseEnvShape, readConfig } from "../../config/env";

const ms = (fallback: number) => z.coerce.number().int().positive().default(fallback);

export const workerEnvShape = {
  ...baseEnvShape,
  /** Consumer group shared by all aggregation workers of a deployment. */
  LW_WORKER_GROUP: z.string().min(1).default("lw-aggregator"),
  /** Name of the aggregate stream in Postgres: `live`, or a replay's id. */
  LW_STREAM: z.string().min(1).max(64).default("live"),
  /** This worker's name in frames and logs (default host-pid). */
  LW_WORKER_ID: z.string().min(1).optional(),
  LW_FRAME_INTERVAL_MS: ms(1000),
  LW_FLUSH_INTERVAL_MS: ms(1000),
  /** Lateness allowed behind a partition's watermark. */
  LW_GRACE_MS: z.coerce.number().int().nonnegative().default(5000),
  LW_IDLE_MS: ms(5000),
  LW_DEDUP_HORIZON_MS: ms(300_000),
  LW_TOP_K: ms(50),
  /** Frame snapshots kept for history and replay (event-time hours). */
  LW_SNAPSHOT_RETENTION_HOURS: ms(48),
  /** Consumer group session timeout: how soon a crashed worker's partitions move to the others. */
  LW_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6000).default(30_000),
  /**
   * Kafka client the worker consumes with: `fast` (own fetch path; kafkajs keeps the group
   * membership) or `kafkajs` (kafkajs end to end).
   */
  LW_KAFKA_CLIENT: z.enum(kafkaClients).default("fast"),
  /** Port of /healthz, /readyz and /metrics (0 = off). */
  LW_WORKER_METRICS_PORT: z.coerce.number().int().nonnegative().default(0),
} as const;

export type WorkerConfig = ReturnType<typeof readWorkerConfig>;

export function readWorkerConfig(env: Record<string, string | undefined> = process.env) {
  const c = readConfig(workerEnvShape, env);
  return { ...c, LW_WORKER_ID: c.LW_WORKER_ID ?? `${hostname()}-${process.pid}` };
}
