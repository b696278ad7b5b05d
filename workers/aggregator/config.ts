/** Settings of the aggregation worker process, read once from the environment. */
import { hostname } from "node:os";
import { z } from "zod";
import { kafkaClients } from "../../adapters/kafka/choose-consumer";
import { baseEnvShape, readConfig } from "../../config/env";
import { sourceKindList } from "../../config/sources-file";
import { ConfigError } from "../../core/errors";
import { ringFitError } from "../../core/frames/windows";

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
  /**
   * Lateness allowed behind a partition's watermark. Refused when the seconds it lets the
   * partitions count ahead of the windows would overwrite a window in its ring (core/frames/windows).
   */
  LW_GRACE_MS: z.coerce
    .number()
    .int()
    .nonnegative()
    .default(5000)
    .superRefine((graceMs, ctx) => {
      const unfit = ringFitError({ graceMs });
      if (unfit) ctx.addIssue({ code: "custom", message: unfit });
    }),
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
  /**
   * How far past its stream's event time an event may be; beyond it the event is quarantined
   * (dead letter `ts ahead of stream`) unless LW_EVENT_JUMP_CONFIRM events in a row agree.
   */
  LW_MAX_EVENT_AHEAD_MS: ms(600_000),
  LW_EVENT_JUMP_CONFIRM: ms(20),
  /** How far past the wall clock an event may be, whatever its stream (0 = unchecked). */
  LW_MAX_EVENT_AHEAD_OF_CLOCK_MS: z.coerce.number().int().nonnegative().default(86_400_000),
  /** Dead letters' keys and values are cut to this many bytes (the source topic keeps the whole). */
  LW_DEAD_LETTER_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(512 * 1024)
    .default(64 * 1024),
  /** A record batch inflating past this many bytes is skipped as unreadable. */
  LW_MAX_BATCH_INFLATED_BYTES: z.coerce
    .number()
    .int()
    .min(1 << 20)
    .default(64 << 20),
  /**
   * A source mapping (docs/SOURCES.md): read the company's own topics through it instead of the
   * native event topics. Unset: the native contract.
   */
  LW_SOURCES_FILE: z.string().min(1).optional(),
  /**
   * The kinds of the mapping this worker runs (`orders` or `orders,api`): needed when the kinds
   * name different consumer groups, and then all the kinds of one group. Unset: every kind.
   */
  LW_SOURCES_KINDS: sourceKindList.optional(),
  /** How long the database may stay unreachable before the worker exits (flushes retry until then). */
  LW_DB_OUTAGE_EXIT_MS: ms(300_000),
} as const;

export type WorkerConfig = ReturnType<typeof readWorkerConfig>;

export function readWorkerConfig(env: Record<string, string | undefined> = process.env) {
  const c = readConfig(workerEnvShape, env);
  if (c.LW_SOURCES_KINDS && !c.LW_SOURCES_FILE)
    throw new ConfigError("LW_SOURCES_KINDS", "selects kinds of a source mapping: set LW_SOURCES_FILE too");
  return { ...c, LW_WORKER_ID: c.LW_WORKER_ID ?? `${hostname()}-${process.pid}` };
}
