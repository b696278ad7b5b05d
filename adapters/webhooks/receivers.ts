/**
 * Receivers: a policy receiver (alerting.yaml) plus its URL and secret from the environment,
 * able to send one notification and say what happened. Rate limits and retries are the delivery
 * loop's business (workers/notifier/delivery.ts); this only makes one attempt.
 */
import { parseRetryAfter } from "../../core/alerts/backoff";
import type { Notification } from "../../core/alerts/notification";
import type { ReceiverConfig, ReceiverType } from "../../core/alerts/policy";
import { type AddressGuard, createAddressGuard } from "./address-guard";
import { webhookFormat } from "./alertmanager-webhook";
import { dingtalkFormat } from "./dingtalk";
import { feishuFormat } from "./feishu";
import type { ReceiverFormat, Verdict } from "./format";
import { PostError, type PostResult, postWebhook } from "./http-post";
import { redactText, redactUrl, urlSecrets } from "./redact";
import { slackFormat } from "./slack";
import { wecomFormat } from "./wecom";

export const formats: Record<ReceiverType, ReceiverFormat> = {
  slack: slackFormat,
  feishu: feishuFormat,
  dingtalk: dingtalkFormat,
  wecom: wecomFormat,
  webhook: webhookFormat,
};

export type SendResult = Verdict & {
  statusCode: number | null;
  durationMs: number;
  /** For retries: how long the receiver asked us to wait (Retry-After), if it said. */
  retryAfterMs?: number | null;
};

export interface Receiver {
  name: string;
  type: ReceiverType;
  /** HTTP timeout of one attempt (ms); the delivery lease must outlast it. */
  timeoutMs: number;
  /** Rate-limit bucket key: one per webhook URL (never logged). */
  rateKey: string;
  ratePerMinute: number;
  /** The URL without its credential, for logs. */
  redactedUrl: string;
  send(n: Notification, opts: { idempotencyKey: string; now: number }): Promise<SendResult>;
}

/** Where a receiver sends to; read from the environment variables the policy names. */
export interface ReceiverEndpoint {
  url: string;
  secret?: string;
  /** `Authorization` header value (bearer token or basic auth; a credential: never logged). */
  authorization?: string;
}

/** Reads an HTTP answer the way every receiver does, then lets the type judge a 2xx body. */
export function classify(
  res: PostResult,
  format: ReceiverFormat,
  now: number,
  secrets: string[],
): Verdict & { retryAfterMs?: number | null } {
  const retryAfterMs = parseRetryAfter(
    Array.isArray(res.headers["retry-after"]) ? res.headers["retry-after"][0] : res.headers["retry-after"],
    now,
  );
  const snippet = redactText(res.body.slice(0, 200), secrets);
  if (res.status >= 200 && res.status < 300) {
    const v = format.judge(res.body);
    return v.outcome === "delivered" ? v : { ...v, error: redactText(v.error, secrets) };
  }
  if (res.status === 429) return { outcome: "rate_limited", error: `HTTP 429 ${snippet}`, retryAfterMs };
  if (res.status === 408 || res.status === 425 || res.status >= 500)
    return { outcome: "retry", error: `HTTP ${res.status} ${snippet}`, retryAfterMs };
  return { outcome: "failed", error: `HTTP ${res.status} ${snippet}` };
}

/**
 * @param guard which addresses may be connected to (default: public addresses only)
 * @param clock wall clock for latency measurement (default Date.now)
 */
export function createReceiver(
  config: ReceiverConfig,
  endpoint: ReceiverEndpoint,
  { guard = createAddressGuard(), clock = Date.now }: { guard?: AddressGuard; clock?: () => number } = {},
): Receiver {
  const format = formats[config.type];
  const secrets = [
    ...urlSecrets(endpoint.url),
    ...(endpoint.secret ? [endpoint.secret] : []),
    ...(endpoint.authorization
      ? [endpoint.authorization, endpoint.authorization.replace(/^\S+\s+/, "")]
      : []),
  ];
  return {
    name: config.name,
    type: config.type,
    timeoutMs: config.timeout,
    rateKey: endpoint.url,
    ratePerMinute: config.rate_limit_per_minute ?? format.defaultRatePerMinute,
    redactedUrl: redactUrl(endpoint.url),
    async send(n, { idempotencyKey, now }) {
      const req = format.build(n, {
        url: endpoint.url,
        ...(endpoint.secret ? { secret: endpoint.secret } : {}),
        now,
        idempotencyKey,
      });
      const started = clock();
      try {
        const headers = endpoint.authorization
          ? { ...req.headers, authorization: endpoint.authorization }
          : req.headers;
        const res = await postWebhook({ ...req, headers, timeoutMs: config.timeout, guard });
        return {
          ...classify(res, format, now, secrets),
          statusCode: res.status,
          durationMs: clock() - started,
        };
      } catch (err) {
        const message = redactText(err instanceof Error ? err.message : String(err), secrets);
        const blocked = err instanceof PostError && err.blocked;
        return {
          outcome: blocked ? "failed" : "retry",
          error: message,
          statusCode: null,
          durationMs: clock() - started,
        };
      }
    },
  };
}
