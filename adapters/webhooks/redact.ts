/**
 * What of a receiver URL may appear in logs and the delivery log: the origin only. Robot URLs
 * carry their credential in the path (Slack, Feishu) or the query (DingTalk `access_token`, WeCom
 * `key`), and signed requests add `sign` to the query.
 */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    const hidden = u.pathname.length > 1 || u.search !== "";
    return `${u.protocol}//${u.host}${hidden ? "/…" : ""}`;
  } catch {
    return "(invalid URL)";
  }
}

/** Removes anything URL-like or signature-like from an error message before it is logged or stored. */
export function redactText(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(/https?:\/\/[^\s"')]+/g, (m) => redactUrl(m));
  for (const s of secrets) if (s) out = out.split(s).join("[redacted]");
  return out;
}

/**
 * The pieces of a webhook URL that may be credentials, for {@link redactText}: the URL itself,
 * its path with the query, the query values and the longer path segments (Slack and Feishu keep
 * their token in the path, DingTalk and WeCom in the query).
 */
export function urlSecrets(url: string): string[] {
  try {
    const u = new URL(url);
    const out = [url, `${u.pathname}${u.search}`];
    if (u.search) out.push(u.search.slice(1));
    for (const v of u.searchParams.values()) if (v.length >= 4) out.push(v, encodeURIComponent(v));
    for (const seg of u.pathname.split("/")) if (seg.length >= 8) out.push(seg);
    return out.sort((a, b) => b.length - a.length);
  } catch {
    return [url];
  }
}
