/**
 * Gate in front of the Next.js pages: a page needs a signed-in session; a user with a one-time
 * password is sent to change it first. The principal reaches the pages through a header the
 * server sets (never the browser's). Static assets and the sign-in page pass.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Principal } from "../../adapters/db/auth-store";
import { encodePagePrincipal, principalHeader } from "../../core/auth/principal-header";

/** `asset`/`page`: hand to Next.js. `handled`: the guard answered (a redirect). */
export type GuardResult = "asset" | "page" | "handled";

const isAsset = (path: string) =>
  path.startsWith("/_next/") ||
  path.startsWith("/__nextjs") ||
  path === "/favicon.ico" ||
  path === "/icon.svg" ||
  path === "/robots.txt";

const publicPages = new Set(["/login"]);

function redirect(res: ServerResponse, location: string) {
  res.writeHead(302, { location, "cache-control": "no-store" });
  res.end();
}

export function createPageGuard({
  authenticate,
}: {
  authenticate(req: IncomingMessage): Promise<Principal | null>;
}): (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<GuardResult> {
  return async (req, res, url) => {
    delete req.headers[principalHeader];
    if (isAsset(url.pathname)) return "asset";
    // API tokens are for the JSON API; pages need a browser session.
    const principal = await authenticate(req).then((p) => (p?.credential === "session" ? p : null));
    if (publicPages.has(url.pathname)) {
      if (principal && !principal.mustChangePassword) {
        redirect(res, "/");
        return "handled";
      }
      return "page";
    }
    if (!principal) {
      const back = url.pathname + url.search;
      redirect(res, back === "/" ? "/login" : `/login?next=${encodeURIComponent(back)}`);
      return "handled";
    }
    if (principal.mustChangePassword && url.pathname !== "/password") {
      redirect(res, "/password");
      return "handled";
    }
    req.headers[principalHeader] = encodePagePrincipal({
      username: principal.username,
      role: principal.role,
    });
    return "page";
  };
}
