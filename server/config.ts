/** Settings of the web process (`npm run web`), read once from the environment in server/main.ts. */
import { hostname } from "node:os";
import { z } from "zod";
import { baseEnvShape, readConfig } from "../config/env";

const flagValue = z.enum(["0", "1", "true", "false"]).transform((v) => v === "1" || v === "true");
const flag = flagValue.default(false);

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
  /**
   * The address users open, e.g. `https://launchwatch.example.com` (behind a TLS proxy). An
   * https URL makes the session cookie `Secure` (`__Host-lw_session`); its origin is accepted
   * for sockets and writes.
   */
  LW_PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: "an http:// or https:// URL" })
    .transform((s) => new URL(s).origin)
    .optional(),
  /** Mark the session cookie `Secure`. Default: on when LW_PUBLIC_URL is https. */
  LW_SECURE_COOKIES: flagValue.optional(),
  /** A session unused this many minutes ends (0: only its expiry ends it). */
  LW_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(24 * 60 * 30)
    .default(120),
  /** 1 behind one reverse proxy: the client address (sign-in throttle) is the last X-Forwarded-For hop. */
  LW_TRUST_PROXY: flag,
  /** /metrics requires `Authorization: Bearer <this>`; unset: /metrics answers only on loopback. */
  LW_METRICS_TOKEN: z.string().min(16, "at least 16 characters").optional(),
  /**
   * The notifier's policy file: the Alertmanager API (`/api/v2/...`) shows its receivers, groups,
   * inhibitions and text from it. Keep it the same file the notifier runs.
   */
  LW_ALERTING_FILE: z.string().min(1).default("alerting.yaml"),
  /** 1: serve the dashboard with `next dev` (hot reload) instead of a production build. */
  LW_WEB_DEV: flag,
} as const;

export type WebConfig = Omit<z.infer<z.ZodObject<typeof webEnvShape>>, "LW_SECURE_COOKIES"> & {
  LW_WEB_INSTANCE_ID: string;
  /** Resolved: the setting, else whether LW_PUBLIC_URL is https. */
  LW_SECURE_COOKIES: boolean;
};

/** Reads and validates the web settings; throws ConfigError naming the bad setting. */
export function readWebConfig(env: Record<string, string | undefined> = process.env): WebConfig {
  const c = readConfig(webEnvShape, env);
  return {
    ...c,
    LW_WEB_INSTANCE_ID: c.LW_WEB_INSTANCE_ID ?? `web-${hostname()}-${c.PORT}`,
    LW_SECURE_COOKIES: c.LW_SECURE_COOKIES ?? c.LW_PUBLIC_URL?.startsWith("https:") ?? false,
  };
}
