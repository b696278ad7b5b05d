/**
 * Slack incoming webhook: `text` (the notification fallback) plus Block Kit blocks: a header,
 * a section with the digest (mrkdwn, at most 3,000 characters per section text) and a context
 * line. Slack allows about one message per second per webhook and answers 429 + Retry-After.
 */
import { renderDigest, title, truncateBytes } from "../../core/alerts/digest";
import type { ReceiverFormat } from "./format";

/** Slack's limit on a section block's text. */
export const slackSectionMax = 3000;

export const slackFormat: ReceiverFormat = {
  type: "slack",
  defaultRatePerMinute: 60,
  build(n, { url, idempotencyKey, maxBytes }) {
    const digest = renderDigest(n, {
      maxBytes: Math.min(maxBytes ?? slackSectionMax, slackSectionMax),
      flavour: "slack",
    });
    const head = truncateBytes(title(n), 150);
    const body = {
      text: head,
      blocks: [
        { type: "header", text: { type: "plain_text", text: head, emoji: true } },
        { type: "section", text: { type: "mrkdwn", text: digest.text } },
        {
          type: "context",
          elements: [
            { type: "mrkdwn", text: truncateBytes(`Launchwatch · ${n.receiver} · group ${n.groupKey}`, 300) },
          ],
        },
      ],
    };
    return { url: new URL(url), headers: { "idempotency-key": idempotencyKey }, body: JSON.stringify(body) };
  },
  // Slack answers `ok` (text) on success, an error word with a 4xx otherwise.
  judge: () => ({ outcome: "delivered" }),
};
