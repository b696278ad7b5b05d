/**
 * Environment parsing shared by every process. Each entry point calls {@link readConfig} once
 * with the schema it needs and passes the typed result down; no library code reads
 * `process.env`. A bad value stops the process with a message naming the setting.
 */
import { z } from "zod";
import { ConfigError } from "../core/errors";

const brokerList = z
  .string()
  .transform((s) =>
    s
      .split(",")
      .map((b) => b.trim())
      .filter(Boolean),
  )
  .pipe(
    z
      .array(z.string().regex(/^[^\s:]+:\d{1,5}$/, "each broker must be host:port"))
      .min(1, "at least one broker"),
  );

const postgresUrl = z.string().refine((s) => /^postgres(ql)?:\/\//.test(s), "must be a postgresql:// URL");

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** Settings every process shares. Defaults describe the local stack started by `npm run stack -- up`. */
export const baseEnvShape = {
  /** Comma-separated Kafka bootstrap servers. Unset: the local broker the stack manager starts. */
  KAFKA_BROKERS: brokerList.optional(),
  /** Postgres connection URL. Unset: the local server, database `launchwatch`. */
  DATABASE_URL: postgresUrl.default("postgresql://postgres@127.0.0.1:5432/launchwatch"),
  /** Prefix of every topic name, so several deployments can share a cluster. */
  LW_TOPIC_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9._-]*$/, "letters, digits, '.', '_' and '-' only")
    .default("lw."),
  /** Partitions of the event topics (orders, downloads, api). */
  LW_PARTITIONS: positiveInt(6),
  /** Port of the local Kafka broker (the controller listens on the next port). */
  LW_KAFKA_PORT: positiveInt(9092),
  /** Where the local stack keeps the Kafka runtime, its data and logs. */
  LAUNCHWATCH_HOME: z.string().min(1).optional(),
  /** debug | info | warn | error */
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
} as const;

export type BaseEnv = z.infer<z.ZodObject<typeof baseEnvShape>>;

/**
 * Validates `env` against `shape`. Throws {@link ConfigError} naming the first bad setting.
 * Empty strings count as unset, as shells often export `VAR=`.
 */
export function readConfig<S extends z.ZodRawShape>(
  shape: S,
  env: Record<string, string | undefined> = process.env,
): z.infer<z.ZodObject<S>> {
  const cleaned: Record<string, string> = {};
  for (const key of Object.keys(shape)) {
    const v = env[key];
    if (v !== undefined && v !== "") cleaned[key] = v;
  }
  const parsed = z.object(shape).safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const setting = String(issue?.path[0] ?? "environment");
    const got = cleaned[setting];
    throw new ConfigError(
      setting,
      `${issue?.message ?? "invalid"}${got === undefined ? "" : ` (got ${JSON.stringify(got)})`}`,
    );
  }
  return parsed.data;
}
