/**
 * Command-line flags of `npm run simulate`, validated with Zod. Errors name the flag and the
 * value, e.g. `--scale: must be > 0 and <= 10 (got "0")`.
 */
import { type ParseArgsConfig, parseArgs } from "node:util";
import { z } from "zod";
import { ConfigError } from "../core/errors";
import { defaultReferenceSeed, defaultShopCount } from "../core/reference";
import { defaultShareBlockSec } from "../core/simulation/downloads";
import { defaultDurationSec, defaultLaunchStartMs } from "../core/simulation/launch";
import { type TopicRole, topicRoles } from "../core/simulation/wire";
import { tryParseDuration } from "../core/time/duration";
import { type KafkaClientKind, kafkaClientKinds } from "./lane-sender";

export const usage = `usage: npm run simulate -- [options]
  --speed N|max        simulated seconds per real second (default 1; 60 = a minute per second)
  --duration D         how much of the launch to simulate: 9h, 90m, 1h30m, 45s (default 9h)
  --seed S             seed of the events (default "launch")
  --scale F            fraction of the full volume, same shape; 0.01 = 1% (default 1)
  --rate-limit EPS     at most this many events per real second
  --out FILE.ndjson    write events to a file (one message value per line) instead of Kafka
  --kafka              with --out: also produce to Kafka
  --chaos              mix in malformed, unknown-shop, out-of-order, late and duplicate events
  --chaos-rate R       chance per event of each chaos kind (default 0.002)
  --start ISO          event time of the launch (default 2026-02-06T10:00:00+08:00)
  --share-block D      when share links get blocked, after launch (default 3h)
  --shops N            shops in the reference data (default 300000; must match the seeded data)
  --ref-seed S         seed of the reference data (default "${defaultReferenceSeed}"; as npm run seed)
  --producers N        Kafka producer threads, 0 = produce from the main thread (default 2)
  --kafka-client C     fast (default: the lean producer of adapters/kafka/fast-producer) or kafkajs
  --progress-ms N      progress line interval on stderr (default 2000, 0 = none)
  --shape S           native (default: the event contract) or foreign (the example company's own
                       feeds, mapped by sources.example.yaml; docs/SOURCES.md)
  --only LIST          topics to send, e.g. orders or orders,api (default orders,downloads,api);
                       the rest of the launch is still simulated, just not sent
  --help`;

/** Seconds from `9h`, `90m`, `1h30m`, `1d`, `45s` (core/time/duration.ts) or plain seconds. */
export function parseDuration(text: string): number | null {
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  const ms = tryParseDuration(text);
  return ms === null ? null : ms / 1000;
}

const duration = (what: string) =>
  z.string().transform((s, ctx) => {
    const sec = parseDuration(s);
    if (sec === null || !(sec > 0) || !Number.isInteger(sec)) {
      ctx.addIssue({
        code: "custom",
        message: `${what}: a whole number of seconds such as 9h, 90m, 1h30m or 45s`,
      });
      return z.NEVER;
    }
    return sec;
  });

const positiveInt = z.coerce.number().int().positive();

/** The schema of every flag, keyed by flag name. */
const flagSchemas = {
  speed: z.union([z.literal("max"), z.coerce.number().positive().max(1_000_000)]).default(1),
  duration: duration("duration").default(defaultDurationSec),
  seed: z.string().min(1).max(64).default("launch"),
  scale: z.coerce.number().gt(0, "must be > 0").max(10, "must be <= 10").default(1),
  "rate-limit": z.coerce.number().positive().optional(),
  out: z.string().min(1).optional(),
  kafka: z.boolean().default(false),
  chaos: z.boolean().default(false),
  "chaos-rate": z.coerce
    .number()
    .min(0)
    .max(0.19, "must be <= 0.19 (five kinds share each event)")
    .default(0.002),
  start: z
    .string()
    .refine((s) => /^\d{4}-\d{2}-\d{2}T/.test(s) && Number.isFinite(Date.parse(s)), "an ISO date-time")
    .transform((s) => Date.parse(s))
    .default(defaultLaunchStartMs),
  "share-block": duration("share-block").default(defaultShareBlockSec),
  shops: positiveInt.max(1_000_000).default(defaultShopCount),
  "ref-seed": z.string().min(1).max(64).default(defaultReferenceSeed),
  producers: z.coerce.number().int().min(0).max(8).default(2),
  "kafka-client": z
    .enum(kafkaClientKinds as [KafkaClientKind, ...KafkaClientKind[]], { message: "fast or kafkajs" })
    .default("fast"),
  "progress-ms": z.coerce.number().int().min(0).default(2000),
  shape: z.enum(["native", "foreign"], { message: "native or foreign" }).default("native"),
  /** Comma-separated topics to send (default all): `orders` rehearses the shops alone. */
  only: z
    .string()
    .default(topicRoles.join(","))
    .transform((s, ctx) => {
      const roles = s.split(",").map((r) => r.trim());
      const bad = roles.find((r) => !(topicRoles as readonly string[]).includes(r));
      if (bad !== undefined || roles.length === 0) {
        ctx.addIssue({ code: "custom", message: `a comma-separated list of ${topicRoles.join(", ")}` });
        return z.NEVER;
      }
      return roles as TopicRole[];
    }),
} as const;

export interface SimulatorArgs {
  speed: number | "max";
  durationSec: number;
  seed: string;
  scale: number;
  rateLimit: number | null;
  out: string | null;
  /** Produce to Kafka: without --out always, with --out only with --kafka. */
  kafka: boolean;
  chaos: boolean;
  chaosRate: number;
  startMs: number;
  shareBlockSec: number;
  shops: number;
  refSeed: string;
  producers: number;
  /** Which Kafka client produces: the lean producer (`fast`) or `kafkajs`. */
  kafkaClient: KafkaClientKind;
  progressMs: number;
  /** `foreign`: the example company's own shape (core/simulation/foreign.ts) instead of the contract. */
  shape: "native" | "foreign";
  /** The topics whose events are sent (the others are simulated, not sent). */
  only: TopicRole[];
}

/** Parses argv (without node and script). Throws {@link ConfigError} naming the flag; `help` when asked. */
export function parseSimulatorArgs(argv: readonly string[]): SimulatorArgs | "help" {
  const options: NonNullable<ParseArgsConfig["options"]> = { help: { type: "boolean", short: "h" } };
  for (const flag of Object.keys(flagSchemas))
    options[flag] = { type: flag === "kafka" || flag === "chaos" ? "boolean" : "string" };
  let values: Record<string, unknown>;
  try {
    values = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw new ConfigError("arguments", (err as Error).message);
  }
  if (values.help) return "help";
  const parsed: Record<string, unknown> = {};
  for (const [flag, schema] of Object.entries(flagSchemas)) {
    const raw = values[flag];
    const r = (schema as z.ZodType).safeParse(raw);
    if (!r.success) {
      const issue = r.error.issues[0];
      const got = raw === undefined ? "" : ` (got ${JSON.stringify(raw)})`;
      throw new ConfigError(`--${flag}`, `${issue?.message ?? "invalid"}${got}`);
    }
    parsed[flag] = r.data;
  }
  const p = parsed as { [K in keyof typeof flagSchemas]: z.output<(typeof flagSchemas)[K]> };
  if (p.kafka && !p.out)
    throw new ConfigError("--kafka", "only meaningful with --out (without --out events go to Kafka)");
  return {
    speed: p.speed,
    durationSec: p.duration,
    seed: p.seed,
    scale: p.scale,
    rateLimit: p["rate-limit"] ?? null,
    out: p.out ?? null,
    kafka: !p.out || p.kafka,
    chaos: p.chaos,
    chaosRate: p["chaos-rate"],
    only: p.only,
    startMs: p.start,
    shareBlockSec: p["share-block"],
    shops: p.shops,
    refSeed: p["ref-seed"],
    producers: p.producers,
    kafkaClient: p["kafka-client"],
    progressMs: p["progress-ms"],
    shape: p.shape,
  };
}
