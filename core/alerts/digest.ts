/**
 * Text of a notification for chat robots: a title with the counts, one line per listed alert
 * (worst first), and "… and N more" when the list or the receiver's size limit cuts it short.
 * Sizes are UTF-8 bytes, which is how WeCom (4096) and the others count.
 */
import type { Notification, NotificationAlert } from "./notification";

const encoder = new TextEncoder();

/** UTF-8 length of `s`. */
export const byteLength = (s: string): number => encoder.encode(s).length;

/** Cuts `s` to at most `maxBytes` UTF-8 bytes without splitting a character, marking the cut with "…". */
export function truncateBytes(s: string, maxBytes: number): string {
  if (byteLength(s) <= maxBytes) return s;
  const budget = Math.max(0, maxBytes - byteLength("…"));
  let out = "";
  let used = 0;
  for (const ch of s) {
    const b = byteLength(ch);
    if (used + b > budget) break;
    out += ch;
    used += b;
  }
  return `${out}…`;
}

/** A readable number: `1,234`, `3.41`, `0.0625`. */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Math.abs(v) >= 1000) return Math.round(v).toLocaleString("en-US");
  if (Math.abs(v) >= 1) return String(Math.round(v * 100) / 100);
  return String(Number(v.toPrecision(3)));
}

const hidden = new Set(["alertname", "severity"]);

/** `[FIRING 1,234 · RESOLVED 3] shop-over-capacity chain=Heytea` */
export function title(n: Notification): string {
  const counts =
    n.status === "firing"
      ? `FIRING ${n.counts.firing.toLocaleString("en-US")}${n.counts.resolved ? ` · RESOLVED ${n.counts.resolved.toLocaleString("en-US")}` : ""}`
      : `RESOLVED ${n.counts.resolved.toLocaleString("en-US")}`;
  const name = n.groupLabels.alertname ?? n.commonLabels.alertname ?? "alerts";
  const extra = Object.entries(n.groupLabels)
    .filter(([k]) => k !== "alertname")
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");
  return `[${counts}] ${name}${extra ? ` ${extra}` : ""}`;
}

/** One line for an alert: the labels that differ within the group, the value, the summary. */
export function alertLine(a: NotificationAlert, n: Notification): string {
  const own = Object.entries(a.labels)
    .filter(([k, v]) => !hidden.has(k) && n.commonLabels[k] !== v)
    .map(([k, v]) => `${k}=${v}`);
  const name = own.length > 0 ? own.join(" ") : (a.labels.alertname ?? a.fingerprint);
  const summary = a.annotations.summary && a.annotations.summary !== n.commonAnnotations.summary;
  const state = a.status === "resolved" ? " (resolved)" : "";
  // An alert from outside has no measured value: none is shown rather than a made-up 0.
  const value = a.external ? "" : `: ${formatValue(a.value)}`;
  return `${name}${value}${state}${summary ? ` — ${a.annotations.summary}` : ""}`;
}

/** How "… and N more" reads. */
export const moreLine = (n: number): string => `… and ${n.toLocaleString("en-US")} more`;

/**
 * Joins `head`, as many `lines` as fit, a "more" line counting what was left out (plus
 * `alsoOmitted`), and `tail`, within `maxBytes`. The head is cut if even it does not fit.
 */
export function fitLines({
  head,
  lines,
  tail = "",
  alsoOmitted = 0,
  maxBytes,
  sep = "\n",
}: {
  head: string;
  lines: readonly string[];
  tail?: string;
  alsoOmitted?: number;
  maxBytes: number;
  sep?: string;
}): { text: string; omitted: number } {
  const total = lines.length + alsoOmitted;
  const sepBytes = byteLength(sep);
  const moreBytes = (k: number) => (k > 0 ? sepBytes + byteLength(moreLine(k)) : 0);
  const join = (kept: string[], omitted: number) =>
    [head, ...kept, ...(omitted > 0 ? [moreLine(omitted)] : []), ...(tail ? [tail] : [])].join(sep);
  let used = byteLength(head) + (tail ? sepBytes + byteLength(tail) : 0);
  if (used + moreBytes(total) > maxBytes)
    return { text: truncateBytes(join([], total), maxBytes), omitted: total };
  const kept: string[] = [];
  for (const line of lines) {
    const grown = used + sepBytes + byteLength(line);
    if (grown + moreBytes(total - kept.length - 1) > maxBytes) break;
    kept.push(line);
    used = grown;
  }
  const omitted = total - kept.length;
  return { text: join(kept, omitted), omitted };
}

/** Markdown flavours: Slack's mrkdwn, or the CommonMark subset Feishu/DingTalk/WeCom render. */
export type Flavour = "slack" | "markdown";

/** The whole digest as markdown within `maxBytes`. */
export function renderDigest(n: Notification, { maxBytes, flavour }: { maxBytes: number; flavour: Flavour }) {
  // Slack's mrkdwn treats &, < and > as control characters.
  const esc = (s: string) =>
    flavour === "slack" ? s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;") : s;
  const bold = (s: string) => (flavour === "slack" ? `*${esc(s)}*` : `**${s}**`);
  const link = (text: string, url: string) =>
    flavour === "slack" ? `<${url}|${text}>` : `[${text}](${url})`;
  const summary = n.commonAnnotations.summary ?? n.commonAnnotations.description;
  const head = [bold(title(n)), ...(summary ? [esc(summary)] : [])].join("\n");
  const lines = n.alerts.map((a) => `- ${esc(alertLine(a, n))}`);
  const tail = link("Open the dashboard", n.externalUrl);
  return fitLines({ head, lines, tail, alsoOmitted: n.truncatedAlerts, maxBytes });
}
