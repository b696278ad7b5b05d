/**
 * Response headers every page and API answer carries: no framing by other sites (clickjacking),
 * a Content-Security-Policy that keeps scripts, styles, images and connections on this origin,
 * no MIME sniffing, and no full URLs in the Referer sent elsewhere.
 */
import type { ServerResponse } from "node:http";

/**
 * @param dev `next dev` evaluates its hot-reload code with `eval`: allowed only then.
 */
export function securityHeaders({ dev = false }: { dev?: boolean } = {}): Record<string, string> {
  const csp = [
    "default-src 'self'",
    // Next.js streams its flight data as inline scripts; without nonces they need 'unsafe-inline'.
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self' ws: wss:",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join("; ");
  return {
    "content-security-policy": csp,
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
  };
}

/** Sets `headers` on `res` (before anything is written). */
export function applyHeaders(res: ServerResponse, headers: Record<string, string>): void {
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
}
