/**
 * What every receiver type provides: how to turn a notification into an HTTP request, how fast
 * it may be called, and how to read its answer (chat robots answer 200 with an error code).
 */
import type { Notification } from "../../core/alerts/notification";
import type { ReceiverType } from "../../core/alerts/policy";

export interface WebhookRequest {
  url: URL;
  headers: Record<string, string>;
  body: string;
}

export type Verdict =
  | { outcome: "delivered" }
  /** Worth trying again later (5xx, timeouts, connection errors). */
  | { outcome: "retry"; error: string }
  /** The receiver asked us to slow down (429, or a robot's rate-limit code). */
  | { outcome: "rate_limited"; error: string; retryAfterMs: number | null }
  /** Will never work as sent (4xx, a robot's error code such as a bad signature). */
  | { outcome: "failed"; error: string };

export interface BuildContext {
  /** The webhook URL (a credential: never log it). */
  url: string;
  secret?: string;
  /** Wall-clock ms, for signatures. */
  now: number;
  /** Same on every retry of one notification. */
  idempotencyKey: string;
  /** Overrides the type's message size limit (bytes of the rendered text). */
  maxBytes?: number;
}

export interface ReceiverFormat {
  type: ReceiverType;
  /** Messages per minute the service allows one webhook. */
  defaultRatePerMinute: number;
  build(n: Notification, ctx: BuildContext): WebhookRequest;
  /** Reads a 2xx answer's body. */
  judge(body: string): Verdict;
}

/** Parses a JSON answer, or null. */
export function jsonOf(body: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(body);
    return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Judges robots that answer `{ errcode, errmsg }` (DingTalk, WeCom). */
export function judgeErrcode(body: string, rateLimitCodes: readonly number[]): Verdict {
  const json = jsonOf(body);
  const code = json?.errcode;
  if (code === 0 || code === undefined) return { outcome: "delivered" };
  const error = `errcode ${String(code)}: ${String(json?.errmsg ?? "")}`.slice(0, 300);
  if (typeof code === "number" && rateLimitCodes.includes(code))
    return { outcome: "rate_limited", error, retryAfterMs: 60_000 };
  return { outcome: "failed", error };
}
