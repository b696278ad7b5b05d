/**
 * Where to go after sign-in: the `next` parameter, only if it stays on this site. The value is
 * resolved the way the browser will resolve it (against this page's origin) and its origin
 * compared, so `/\evil.com`, `/<TAB>/evil.com` or `//evil.com`, which a browser reads as another
 * host, fall back to `/`.
 */
export function safeNext(raw: string | null, origin: string): string {
  if (!raw?.startsWith("/")) return "/";
  let target: URL;
  try {
    target = new URL(raw, origin);
  } catch {
    return "/";
  }
  if (target.origin !== new URL(origin).origin) return "/";
  return `${target.pathname}${target.search}${target.hash}`;
}
