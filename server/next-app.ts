/**
 * The Next.js side of the custom server. Production mode serves a `next build` from `.next/`;
 * {@link ensureNextBuild} rebuilds only when the sources that go into the bundle changed (a
 * hash of app/, core/ and the build configuration is kept next to the build). Dev mode
 * compiles pages on first request and hot-reloads.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import type { Duplex } from "node:stream";
import next from "next";
import type { Logger } from "../adapters/log";
import { LaunchwatchError } from "../core/errors";

const require = createRequire(import.meta.url);

export type NextMode = "production" | "dev";

export interface NextApp {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void>;
  close(): Promise<void>;
}

/** Inputs of the client and server bundles: what `next build` reads. */
const buildInputs = ["app", "core", "next.config.ts", "tsconfig.json", "package-lock.json"];
const hashFile = "launchwatch-build-hash";

function* files(p: string): Generator<string> {
  const st = fs.statSync(p, { throwIfNoEntry: false });
  if (!st) return;
  if (st.isFile()) {
    yield p;
    return;
  }
  for (const e of fs.readdirSync(p, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.name === "node_modules" || e.name.startsWith(".")) continue;
    const child = path.join(p, e.name);
    if (e.isDirectory()) yield* files(child);
    // Tests never reach the bundle; editing one must not force a rebuild.
    else if (!/\.test\.tsx?$/.test(e.name)) yield child;
  }
}

/** A hash of every build input under `dir`. */
export function buildHash(dir: string): string {
  const h = createHash("sha256");
  for (const input of buildInputs) {
    for (const f of files(path.join(dir, input))) {
      h.update(path.relative(dir, f));
      h.update("\0");
      h.update(fs.readFileSync(f));
      h.update("\0");
    }
  }
  return h.digest("hex");
}

async function withLock<T>(lockFile: string, fn: () => Promise<T>, timeoutMs = 10 * 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: "wx" });
      break;
    } catch {
      const owner = Number(fs.readFileSync(lockFile, { encoding: "utf8", flag: "a+" }) || 0);
      let alive = false;
      try {
        if (owner > 0) alive = process.kill(owner, 0);
      } catch {
        alive = false;
      }
      if (!alive) fs.rmSync(lockFile, { force: true });
      else if (Date.now() > deadline)
        throw new LaunchwatchError(`timed out waiting for ${lockFile} (pid ${owner})`);
      else await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lockFile, { force: true });
  }
}

/**
 * Runs `next build` in `dir` unless `.next/` already holds a build of the same inputs. Safe to
 * call from several processes at once (a lock file serializes them). Returns whether it built.
 */
export async function ensureNextBuild({ dir, logger }: { dir: string; logger: Logger }): Promise<{
  built: boolean;
  ms: number;
}> {
  const started = Date.now();
  const distDir = path.join(dir, ".next");
  const stamp = path.join(distDir, hashFile);
  const fresh = (h: string) =>
    fs.existsSync(path.join(distDir, "BUILD_ID")) &&
    fs.existsSync(stamp) &&
    fs.readFileSync(stamp, "utf8") === h;
  if (fresh(buildHash(dir))) return { built: false, ms: Date.now() - started };
  return withLock(path.join(dir, ".next-build.lock"), async () => {
    const hash = buildHash(dir);
    if (fresh(hash)) return { built: false, ms: Date.now() - started };
    logger.info("building the dashboard (next build); later starts reuse it until app/ or core/ change");
    const cli = path.join(path.dirname(require.resolve("next/package.json")), "dist", "bin", "next");
    const out: string[] = [];
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, [cli, "build"], {
        cwd: dir,
        env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      child.stdout.on("data", (d) => out.push(String(d)));
      child.stderr.on("data", (d) => out.push(String(d)));
      child.on("error", reject);
      child.on("close", resolve);
    });
    if (code !== 0)
      throw new LaunchwatchError(`next build failed (exit ${code}):\n${out.join("").slice(-6000)}`);
    fs.writeFileSync(stamp, hash);
    const ms = Date.now() - started;
    logger.info("dashboard built", { ms });
    return { built: true, ms };
  });
}

/** Prepares Next.js for `httpServer` (already listening on `hostname:port`). */
export async function createNextApp({
  mode,
  dir,
  hostname,
  port,
  httpServer,
}: {
  mode: NextMode;
  dir: string;
  hostname: string;
  port: number;
  httpServer: Server;
}): Promise<NextApp> {
  const app = next({ dev: mode === "dev", dir, hostname, port, httpServer, quiet: mode === "production" });
  await app.prepare();
  const handle = app.getRequestHandler();
  const upgrade = app.getUpgradeHandler();
  return {
    handle: (req, res) => handle(req, res),
    upgrade: (req, socket, head) => upgrade(req, socket, head),
    close: () => app.close(),
  };
}
