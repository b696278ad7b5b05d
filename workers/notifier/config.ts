/**
 * Settings of the notifier process, read once from the environment, plus the receivers' URLs
 * and secrets from the variables alerting.yaml names (`url_env`, `secret_env`).
 */
import { hostname } from "node:os";
import { z } from "zod";
import type { ReceiverEndpoint } from "../../adapters/webhooks/receivers";
import { baseEnvShape, readConfig } from "../../config/env";
import type { Policy } from "../../core/alerts/policy";

const ms = (fallback: number) => z.coerce.number().int().positive().default(fallback);

export const notifierEnvShape = {
  ...baseEnvShape,
  /** This instance's name in logs, leases and the delivery log (default host-pid). */
  LW_NOTIFIER_ID: z.string().min(1).max(100).optional(),
  /** Consumer group of the `alerts` topic, shared by the notifiers of a deployment. */
  LW_NOTIFIER_GROUP: z.string().min(1).default("lw-notifier"),
  /** The notification policy file. */
  LW_ALERTING_FILE: z.string().min(1).default("alerting.yaml"),
  /** Name of the advisory lock that elects the active notifier (default: per topic prefix). */
  LW_NOTIFIER_LOCK: z.string().min(1).optional(),
  /** How often groups are checked for a due flush. */
  LW_NOTIFIER_TICK_MS: ms(200),
  LW_RULES_REFRESH_MS: ms(30_000),
  LW_SILENCES_REFRESH_MS: ms(5_000),
  /** Firing view alerts are re-sent at least this often (wall time). */
  LW_ALERT_RESEND_MS: ms(30_000),
  /** Webhook requests in flight at once. */
  LW_DELIVERY_CONCURRENCY: ms(4),
  /** A claimed notification returns to the queue if not settled within this (crash recovery). */
  LW_DELIVERY_LEASE_MS: z.coerce.number().int().min(1000).default(60_000),
  LW_RETRY_BASE_MS: ms(1_000),
  /** Cap of the retry backoff: a receiver back from an outage hears from us within this. */
  LW_RETRY_MAX_MS: ms(60_000),
  /** A notification still undelivered after this is given up (marked failed). */
  LW_DELIVERY_MAX_AGE_MS: ms(24 * 3_600_000),
  /** `pipeline-lagging` fires for a worker this many seconds behind its producers. */
  LW_LAGGING_AFTER_SEC: z.coerce.number().positive().default(60),
  /** `no-data` fires for a worker (or the whole stream) silent this long. */
  LW_NO_DATA_AFTER_MS: ms(30_000),
  /** How often the meta-alerts (watchdog, no-data, pipeline-lagging) are evaluated. */
  LW_META_ALERTS_EVERY_MS: ms(5_000),
  /** How often this instance publishes its role and receivers' state for the Alerts page. */
  LW_NOTIFIER_STATUS_MS: ms(5_000),
  /** Port of /healthz, /readyz and /metrics (0 = off). */
  LW_NOTIFIER_METRICS_PORT: z.coerce.number().int().nonnegative().default(0),
} as const;

export type NotifierConfig = ReturnType<typeof readNotifierConfig>;

export function readNotifierConfig(env: Record<string, string | undefined> = process.env) {
  const c = readConfig(notifierEnvShape, env);
  return {
    ...c,
    LW_NOTIFIER_ID: c.LW_NOTIFIER_ID ?? `${hostname()}-${process.pid}`,
    LW_NOTIFIER_LOCK: c.LW_NOTIFIER_LOCK ?? `lw-notifier:${c.LW_TOPIC_PREFIX}`,
  };
}

const webhookUrl = z
  .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
  .refine((u) => !/^[a-z]+:\/\/[^/]*@/i.test(u), "must not contain user:password@");

/** The variables holding a webhook receiver's HTTP credentials (bearer token, basic-auth password). */
function credentialEnvs(r: Policy["receivers"][number]): string[] {
  const h = r.type === "webhook" ? r.http_config : undefined;
  return [
    ...(h?.authorization ? [h.authorization.credentials_env] : []),
    ...(h?.basic_auth ? [h.basic_auth.password_env] : []),
  ];
}

/**
 * The URL and secret of every receiver whose `url_env` is set. A receiver whose URL variable is
 * unset is left out (listed in `disabled`); a variable set to something invalid, or a
 * `secret_env` the policy names but the environment lacks, stops the process naming it.
 */
export function readReceiverEndpoints(
  policy: Policy,
  env: Record<string, string | undefined> = process.env,
): { endpoints: Map<string, ReceiverEndpoint>; disabled: Array<{ receiver: string; setting: string }> } {
  const shape: Record<string, z.ZodType> = {};
  for (const r of policy.receivers) {
    shape[r.url_env] = webhookUrl.optional();
    if ("secret_env" in r && r.secret_env)
      shape[r.secret_env] = z.string().min(8, "at least 8 characters").optional();
    for (const v of credentialEnvs(r)) shape[v] = z.string().min(1).max(4096).optional();
  }
  const values = readConfig(shape, env) as Record<string, string | undefined>;
  const endpoints = new Map<string, ReceiverEndpoint>();
  const disabled: Array<{ receiver: string; setting: string }> = [];
  for (const r of policy.receivers) {
    const url = values[r.url_env];
    if (!url) {
      disabled.push({ receiver: r.name, setting: r.url_env });
      continue;
    }
    const secretEnv = "secret_env" in r ? r.secret_env : undefined;
    const secret = secretEnv ? values[secretEnv] : undefined;
    if (secretEnv && !secret) {
      readConfig(
        { [secretEnv]: z.string({ error: `required by receiver ${r.name} (its url_env is set)` }) },
        env,
      );
    }
    for (const v of credentialEnvs(r))
      if (!values[v])
        readConfig({ [v]: z.string({ error: `required by receiver ${r.name} (its url_env is set)` }) }, env);
    const http = r.type === "webhook" ? r.http_config : undefined;
    const authorization = http?.authorization
      ? `${http.authorization.type} ${values[http.authorization.credentials_env]}`
      : http?.basic_auth
        ? `Basic ${Buffer.from(`${http.basic_auth.username}:${values[http.basic_auth.password_env]}`).toString("base64")}`
        : undefined;
    endpoints.set(r.name, {
      url,
      ...(secret ? { secret } : {}),
      ...(authorization ? { authorization } : {}),
    });
  }
  return { endpoints, disabled };
}
