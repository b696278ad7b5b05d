/**
 * Feishu / Lark custom bot. With signature verification on, the body carries `timestamp`
 * (seconds) and `sign` = base64(HMAC-SHA256 keyed by `timestamp + "\n" + secret`, over an empty
 * message). The message is an interactive card with a lark_md digest. Limits: request body
 * 20 KB, 100 messages per minute (5 per second) per bot; rate limiting answers code 9499.
 */
import { createHmac } from "node:crypto";
import { byteLength, renderDigest, title } from "../../core/alerts/digest";
import { jsonOf, type ReceiverFormat } from "./format";

/** Feishu's signature for `timestampSec`. */
export function feishuSign(secret: string, timestampSec: number): string {
  return createHmac("sha256", `${timestampSec}\n${secret}`).update("").digest("base64");
}

const bodyMax = 20 * 1024;

export const feishuFormat: ReceiverFormat = {
  type: "feishu",
  defaultRatePerMinute: 100,
  build(n, { url, secret, now, idempotencyKey, maxBytes }) {
    const head = title(n);
    const card = (content: string) => ({
      header: {
        title: { tag: "plain_text", content: head },
        template: n.status === "firing" ? "red" : "green",
      },
      elements: [{ tag: "div", text: { tag: "lark_md", content } }],
    });
    const timestamp = Math.floor(now / 1000);
    const signed = secret ? { timestamp: String(timestamp), sign: feishuSign(secret, timestamp) } : {};
    // Whatever the card around it costs (JSON escaping included) comes off the text's budget.
    const overhead = byteLength(JSON.stringify({ ...signed, msg_type: "interactive", card: card("") })) + 512;
    const budget = Math.min(maxBytes ?? bodyMax, bodyMax) - overhead;
    let text = renderDigest(n, { maxBytes: budget, flavour: "markdown" }).text;
    let body = JSON.stringify({ ...signed, msg_type: "interactive", card: card(text) });
    for (let b = budget; byteLength(body) > bodyMax && b > 200; b = Math.floor(b * 0.8)) {
      text = renderDigest(n, { maxBytes: b, flavour: "markdown" }).text;
      body = JSON.stringify({ ...signed, msg_type: "interactive", card: card(text) });
    }
    return { url: new URL(url), headers: { "idempotency-key": idempotencyKey }, body };
  },
  judge(body) {
    const json = jsonOf(body);
    const code = json?.code ?? json?.StatusCode;
    if (code === 0 || code === undefined) return { outcome: "delivered" };
    const error = `code ${String(code)}: ${String(json?.msg ?? json?.StatusMessage ?? "")}`.slice(0, 300);
    if (code === 9499 || code === 11232) return { outcome: "rate_limited", error, retryAfterMs: 60_000 };
    return { outcome: "failed", error };
  },
};
