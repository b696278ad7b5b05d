/**
 * One HTTP POST to a webhook with the guard rails every receiver needs: the address actually
 * connected to is checked (no private/loopback/link-local unless allowed), a timeout, a bounded
 * response read, and no redirects followed. Errors never contain the URL (it is a credential).
 */
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import net from "node:net";
import type { AddressGuard } from "./address-guard";

export interface PostResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** First 64 KiB of the response body. */
  body: string;
}

/** The request did not get an HTTP answer (refused, reset, timed out, or blocked by the guard). */
export class PostError extends Error {
  constructor(
    message: string,
    readonly blocked: boolean,
  ) {
    super(message);
    this.name = "PostError";
  }
}

const maxResponseBytes = 64 * 1024;

function guardedLookup(guard: AddressGuard): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, list) => {
      if (err) return callback(err, "", 4);
      const ok = list.filter((a) => guard.reject(a.address) === null);
      if (ok.length === 0) {
        const reason = list.length > 0 ? guard.reject(list[0]!.address) : "no address";
        return callback(
          Object.assign(new Error(`refused to connect: ${reason}`), { code: "EBLOCKED" }),
          "",
          4,
        );
      }
      if (options.all) return callback(null, ok);
      callback(null, ok[0]!.address, ok[0]!.family);
    });
  };
}

/**
 * POSTs `body` to `url`.
 * @throws PostError when no HTTP response arrives
 */
export function postWebhook({
  url,
  body,
  headers,
  timeoutMs,
  guard,
}: {
  url: URL;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  guard: AddressGuard;
}): Promise<PostResult> {
  return new Promise((resolve, reject) => {
    const host = url.hostname.replace(/^\[|\]$/g, "");
    if (net.isIP(host)) {
      const reason = guard.reject(host);
      if (reason) return reject(new PostError(`refused to connect: ${reason}`, true));
    }
    const lib = url.protocol === "https:" ? https : url.protocol === "http:" ? http : null;
    if (!lib) return reject(new PostError(`unsupported scheme ${url.protocol}`, true));
    const req = lib.request(
      url,
      {
        method: "POST",
        headers: {
          "content-type": "application/json; charset=utf-8",
          ...headers,
          "content-length": Buffer.byteLength(body),
        },
        lookup: guardedLookup(guard),
        timeout: timeoutMs,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (c: Buffer) => {
          if (size < maxResponseBytes) chunks.push(c);
          size += c.length;
        });
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).subarray(0, maxResponseBytes).toString("utf8"),
          }),
        );
        res.on("error", (err) => reject(new PostError(`response failed: ${err.message}`, false)));
      },
    );
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on("close", () => clearTimeout(timer));
    req.on("error", (err: NodeJS.ErrnoException) =>
      reject(new PostError(err.message.replace(/https?:\/\/\S+/g, "(url)"), err.code === "EBLOCKED")),
    );
    req.end(body);
  });
}
