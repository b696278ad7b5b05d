/**
 * DingTalk custom robot. With "sign" security: `timestamp` (ms) and `sign` =
 * urlEncode(base64(HMAC-SHA256 keyed by the secret over `timestamp + "\n" + secret`)) go in the
 * query string. Message: msgtype markdown. A robot may send 20 messages per minute; beyond that
 * it is throttled for 10 minutes (errcode 130101), so the notifier paces itself below it.
 */
import { createHmac } from "node:crypto";
import { renderDigest, title, truncateBytes } from "../../core/alerts/digest";
import { judgeErrcode, type ReceiverFormat } from "./format";

/** DingTalk's signature for `timestampMs`, before URL encoding. */
export function dingtalkSign(secret: string, timestampMs: number): string {
  return createHmac("sha256", secret).update(`${timestampMs}\n${secret}`).digest("base64");
}

const textMax = 18_000;

export const dingtalkFormat: ReceiverFormat = {
  type: "dingtalk",
  defaultRatePerMinute: 20,
  build(n, { url, secret, now, idempotencyKey, maxBytes }) {
    const target = new URL(url);
    if (secret) {
      target.searchParams.set("timestamp", String(now));
      target.searchParams.set("sign", dingtalkSign(secret, now));
    }
    const text = renderDigest(n, {
      maxBytes: Math.min(maxBytes ?? textMax, textMax),
      flavour: "markdown",
    }).text;
    const body = { msgtype: "markdown", markdown: { title: truncateBytes(title(n), 120), text } };
    return { url: target, headers: { "idempotency-key": idempotencyKey }, body: JSON.stringify(body) };
  },
  judge: (body) => judgeErrcode(body, [130101]),
};
