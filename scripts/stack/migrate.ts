/**
 * Applies Prisma migrations with `prisma migrate deploy` (JS engine through the pg adapter; see
 * prisma.config.ts). Runs the locally installed CLI so no network is needed.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { LaunchwatchError } from "../../core/errors";

const require = createRequire(import.meta.url);

/** Runs `prisma migrate deploy` against `databaseUrl`. Output is captured and shown on failure. */
export async function migrateDeploy(databaseUrl: string, { cwd = process.cwd() }: { cwd?: string } = {}) {
  const cli = path.join(path.dirname(require.resolve("prisma/package.json")), "build", "index.js");
  const out: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [cli, "migrate", "deploy"], {
      cwd,
      env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.on("data", (d) => out.push(String(d)));
    child.stderr.on("data", (d) => out.push(String(d)));
    child.on("error", reject);
    child.on("close", resolve);
  });
  if (code !== 0) {
    throw new LaunchwatchError(`prisma migrate deploy failed (exit ${code}):\n${out.join("")}`);
  }
}
