/** Settings of the web process (`npm run web`), read once from the environment in server/main.ts. */
import { hostname } from "node:os";
import { z } from "zod";
import { baseEnvShape, readConfig } from "../config/env";

const flag = z
  .enum(["0", "1", "true", "false"])
  .default("0")
  .transform((v) => v === "1" || v === "true");

export const webEnvShape = {
  ...baseEnvShape,
  /** Port of the dashboard, the JSON API and Socket.IO (one port). */
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  /** Interface to listen on. Use 0.0.0.0 behind a load balancer. */
  HOST: z.string().min(1).default("127.0.0.1"),
  /** This web process's id: names its Kafka consumer group and its `watch` entry. Default web-<host>-<port>. */
  LW_WEB_INSTANCE_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,100}$/, "letters, digits, '.', '_' and '-' only")
    .optional(),
  /** How long a sign-in lasts, in hours. */
  LW_SESSION_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(12),
  /** Mark cookies `Secure` (set when the dashboard is served over HTTPS). */
  LW_SECURE_COOKIES: flag,
  /** When set, /metrics requires `Authorization: Bearer <this>`. */
  LW_METRICS_TOKEN: z.string().min(16, "at least 16 characters").optional(),
  /** 1: serve the dashboard with `next dev` (hot reload) instead of a production build. */
  LW_WEB_DEV: flag,
} as const;

export type WebConfig = z.infer<z.ZodObject<typeof webEnvShape>> & { LW_WEB_INSTANCE_ID: string };

/** Reads and validates the web settings; throws ConfigError naming the bad setting. */
export function readWebConfig(env: Record<string, string | undefined> = process.env): WebConfig {
  const c = readConfig(webEnvShape, env);
  return { ...c, LW_WEB_INSTANCE_ID: c.LW_WEB_INSTANCE_ID ?? `web-${hostname()}-${c.PORT}` };
}
