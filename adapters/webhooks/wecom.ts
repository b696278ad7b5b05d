/**
 * WeCom (企业微信) group robot: msgtype markdown, content at most 4096 bytes (UTF-8), 20
 * messages per minute per robot (errcode 45009 beyond it). The key in the URL is the credential.
 */
import { renderDigest } from "../../core/alerts/digest";
import { judgeErrcode, type ReceiverFormat } from "./format";

/** WeCom's limit on markdown content, bytes. */
export const wecomContentMax = 4096;

export const wecomFormat: ReceiverFormat = {
  type: "wecom",
  defaultRatePerMinute: 20,
  build(n, { url, idempotencyKey, maxBytes }) {
    const content = renderDigest(n, {
      maxBytes: Math.min(maxBytes ?? wecomContentMax, wecomContentMax),
      flavour: "markdown",
    }).text;
    const body = { msgtype: "markdown", markdown: { content } };
    return { url: new URL(url), headers: { "idempotency-key": idempotencyKey }, body: JSON.stringify(body) };
  },
  judge: (body) => judgeErrcode(body, [45009]),
};
