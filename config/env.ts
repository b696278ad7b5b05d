/**
 * Environment parsing shared by every process. Each entry point calls {@link readConfig} once
 * with the schema it needs and passes the typed result down; no library code reads
 * `process.env`. A bad value stops the process with a message naming the setting.
 */
import fs from "node:fs";
import { z } from "zod";
import { type KafkaSecurity, kafkaSaslMechanisms, kafkaSecurityProtocols } from "../adapters/kafka/security";
import { ConfigError } from "../core/errors";

/** A comma-separated setting as its trimmed, non-empty items (`a:1, b:2` -> `["a:1", "b:2"]`). */
export const commaList = z.string().transform((s) =>
  s
    .split(",")
    .map((b) => b.trim())
    .filter(Boolean),
);

const brokerList = commaList.pipe(
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
  /** How every Kafka connection is secured (librdkafka's `security.protocol`). */
  KAFKA_SECURITY_PROTOCOL: z.enum(kafkaSecurityProtocols).default("PLAINTEXT"),
  /** SASL mechanism, required for SASL_PLAINTEXT and SASL_SSL. */
  KAFKA_SASL_MECHANISM: z.enum(kafkaSaslMechanisms).optional(),
  KAFKA_SASL_USERNAME: z.string().optional(),
  /** The SASL password; or `KAFKA_SASL_PASSWORD_FILE`, a file holding it (a mounted secret). */
  KAFKA_SASL_PASSWORD: z.string().optional(),
  KAFKA_SASL_PASSWORD_FILE: z.string().optional(),
  /** PEM file of the CA(s) the broker certificates are checked against. Unset: Node's default roots. */
  KAFKA_SSL_CA_FILE: z.string().optional(),
  /** PEM client certificate and private key, for brokers that require mutual TLS. */
  KAFKA_SSL_CERT_FILE: z.string().optional(),
  KAFKA_SSL_KEY_FILE: z.string().optional(),
  /** Verify broker certificates and host names (default true). */
  KAFKA_SSL_REJECT_UNAUTHORIZED: z
    .enum(["true", "false", "1", "0"], { message: "must be true or false" })
    .default("true")
    .transform((v) => v === "true" || v === "1"),
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
    // Only the setting is named, never its value: webhook URLs, keys and secrets under any
    // name would otherwise land in logs.
    throw new ConfigError(setting, issue?.message ?? "invalid");
  }
  return parsed.data;
}

/** Where Kafka is and how to connect to it: what every process's Kafka clients are made from. */
export interface KafkaConnection {
  brokers: string[];
  /** The setting that chose the brokers, for messages (`KAFKA_BROKERS` or `LW_KAFKA_PORT`). */
  brokersSetting: string;
  security: KafkaSecurity;
}

/**
 * The Kafka connection of `env`: reads the password and PEM files named there. Unset
 * `KAFKA_BROKERS`: the local broker, its SASL_SSL listener (`LW_KAFKA_PORT` + 2) when the
 * protocol is SASL_SSL. Throws {@link ConfigError} naming the setting, never echoing a secret.
 */
export function kafkaConnection(
  env: BaseEnv,
  readFile: (path: string) => string = (p) => fs.readFileSync(p, "utf8"),
): KafkaConnection {
  const protocol = env.KAFKA_SECURITY_PROTOCOL;
  const usesSasl = protocol === "SASL_PLAINTEXT" || protocol === "SASL_SSL";
  const usesTls = protocol === "SSL" || protocol === "SASL_SSL";
  const fileOf = (setting: string, path: string) => {
    try {
      return readFile(path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? "unreadable";
      throw new ConfigError(setting, `cannot read ${JSON.stringify(path)} (${code})`);
    }
  };
  const pemOf = (setting: string, path: string | undefined) => {
    if (path === undefined) return undefined;
    const text = fileOf(setting, path);
    if (!text.includes("-----BEGIN "))
      throw new ConfigError(setting, `${JSON.stringify(path)} holds no PEM block (-----BEGIN ...)`);
    return text;
  };
  const wrongPlace = (setting: string, value: string | undefined, needs: string) => {
    if (value !== undefined)
      throw new ConfigError(
        "KAFKA_SECURITY_PROTOCOL",
        `${setting} is set but ${protocol} does not use it (${needs})`,
      );
  };
  if (!usesSasl)
    for (const s of [
      "KAFKA_SASL_MECHANISM",
      "KAFKA_SASL_USERNAME",
      "KAFKA_SASL_PASSWORD",
      "KAFKA_SASL_PASSWORD_FILE",
    ] as const)
      wrongPlace(s, env[s], "SASL_PLAINTEXT or SASL_SSL");
  if (!usesTls)
    for (const s of ["KAFKA_SSL_CA_FILE", "KAFKA_SSL_CERT_FILE", "KAFKA_SSL_KEY_FILE"] as const)
      wrongPlace(s, env[s], "SSL or SASL_SSL");

  const security: KafkaSecurity = { protocol };
  if (usesSasl) {
    if (!env.KAFKA_SASL_MECHANISM)
      throw new ConfigError(
        "KAFKA_SASL_MECHANISM",
        `required with ${protocol}: PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512`,
      );
    if (!env.KAFKA_SASL_USERNAME) throw new ConfigError("KAFKA_SASL_USERNAME", `required with ${protocol}`);
    if (env.KAFKA_SASL_PASSWORD !== undefined && env.KAFKA_SASL_PASSWORD_FILE !== undefined)
      throw new ConfigError(
        "KAFKA_SASL_PASSWORD_FILE",
        "set either KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE, not both",
      );
    const password =
      env.KAFKA_SASL_PASSWORD_FILE !== undefined
        ? fileOf("KAFKA_SASL_PASSWORD_FILE", env.KAFKA_SASL_PASSWORD_FILE).replace(/\r?\n$/, "")
        : env.KAFKA_SASL_PASSWORD;
    if (!password)
      throw new ConfigError("KAFKA_SASL_PASSWORD", `required with ${protocol} (or KAFKA_SASL_PASSWORD_FILE)`);
    security.sasl = { mechanism: env.KAFKA_SASL_MECHANISM, username: env.KAFKA_SASL_USERNAME, password };
  }
  if (usesTls) {
    if ((env.KAFKA_SSL_CERT_FILE === undefined) !== (env.KAFKA_SSL_KEY_FILE === undefined))
      throw new ConfigError(
        env.KAFKA_SSL_CERT_FILE === undefined ? "KAFKA_SSL_CERT_FILE" : "KAFKA_SSL_KEY_FILE",
        "mutual TLS needs both KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE",
      );
    const ca = pemOf("KAFKA_SSL_CA_FILE", env.KAFKA_SSL_CA_FILE);
    const cert = pemOf("KAFKA_SSL_CERT_FILE", env.KAFKA_SSL_CERT_FILE);
    const key = pemOf("KAFKA_SSL_KEY_FILE", env.KAFKA_SSL_KEY_FILE);
    security.tls = {
      ...(ca ? { ca } : {}),
      ...(cert ? { cert } : {}),
      ...(key ? { key } : {}),
      rejectUnauthorized: env.KAFKA_SSL_REJECT_UNAUTHORIZED,
    };
  }
  if (env.KAFKA_BROKERS) return { brokers: env.KAFKA_BROKERS, brokersSetting: "KAFKA_BROKERS", security };
  const port = protocol === "SASL_SSL" ? env.LW_KAFKA_PORT + 2 : env.LW_KAFKA_PORT;
  return { brokers: [`127.0.0.1:${port}`], brokersSetting: "LW_KAFKA_PORT", security };
}
