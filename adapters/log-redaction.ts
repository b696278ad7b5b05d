/**
 * What never reaches a log line, configured here and only here: values of fields whose names
 * say they hold a secret or a webhook address (at any depth), and, inside any string (messages
 * and error texts included), the secret parts of URLs: a webhook's path and query (Slack,
 * Feishu, DingTalk and WeCom put their tokens there) and a password in `user:password@`.
 */

/** Field names whose values are replaced whole (case-insensitive, on the name's end). */
export const secretFieldPattern =
  /(password|passwd|secret|token|api_?key|authorization|cookie|credentials?|signing_?key|private_?key)$/i;

export const redacted = "[redacted]";

// scheme://[user[:password]@]host[:port][/path][?query][#fragment]
const urlPattern = /\b([a-z][a-z0-9+.-]*:\/\/)(?:([^\s/@:]+)(?::[^\s/@]*)?@)?([^\s/?#@]+)([^\s]*)/gi;

/** A string with the secrets of any URL in it replaced: the scheme and host stay, so a line still says where. */
export function redactText(text: string): string {
  return text.replace(
    urlPattern,
    (_all, scheme: string, user: string | undefined, host: string, rest: string) => {
      const who = user === undefined ? "" : `${user}:${redacted}@`;
      // A bare origin (http://127.0.0.1:3000) holds no secret; anything after it may.
      const tail = rest === "" || rest === "/" ? rest : `/${redacted}`;
      return `${scheme}${who}${host}${tail}`;
    },
  );
}

/** A copy of `value` with secret fields and URL secrets redacted (cycles and depth bounded). */
export function redactValue(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === "string") return redactText(value);
  if (value === null || typeof value !== "object") return value;
  if (depth > 8 || seen.has(value)) return "[…]";
  seen.add(value);
  if (value instanceof Error) return { name: value.name, message: redactText(value.message) };
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value))
    out[k] =
      secretFieldPattern.test(k) && v !== null && v !== undefined
        ? redacted
        : redactValue(v, depth + 1, seen);
  return out;
}
