/**
 * `npm run bench [-- name ...]`: runs every bench/*.bench.ts (or the named ones) one after
 * another in its own process, collects the `BENCH {json}` line each prints last, and writes them
 * to bench/results/latest.json. Benches measure side by side within one run and report ratios,
 * because these machines are shared and noisy; nothing here fails on a threshold.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runCommand } from "../config/cli";
import { baseEnvShape, readConfig } from "../config/env";
import { UsageError } from "../core/errors";

const dir = path.dirname(fileURLToPath(import.meta.url));
const all = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith(".bench.ts"))
  .map((f) => f.replace(/\.bench\.ts$/, ""))
  .sort();

function run(file: string): Promise<unknown> {
  return new Promise((resolve) => {
    console.log(`\n=== ${file}`);
    const p = spawn(process.execPath, ["--import", "tsx", path.join(dir, file)], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let last: unknown = null;
    let buf = "";
    p.stdout.on("data", (d: Buffer) => {
      buf += d.toString();
      let nl = buf.indexOf("\n");
      while (nl >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line.startsWith("BENCH ")) last = JSON.parse(line.slice(6));
        else process.stdout.write(`${line}\n`);
        nl = buf.indexOf("\n");
      }
    });
    p.on("close", (code) => {
      if (code !== 0 || !last) console.log(`!!! ${file} failed (exit ${code})`);
      resolve(code === 0 && last ? last : { name: file, failed: true, exitCode: code, last });
    });
  });
}

void runCommand(
  {
    name: "bench",
    synopsis: "[name ...]",
    description:
      "Runs every bench/*.bench.ts (or the named ones) one after another, each in its own process,\n" +
      "and writes their results to bench/results/latest.json. See docs/BENCHMARKS.md.",
    flags: {},
    positionals: { max: all.length },
    more: `Benchmarks: ${all.join(", ")}`,
    env: baseEnvShape,
  },
  async ({ positionals: wanted }) => {
    const unknown = wanted.find((w) => !all.includes(w));
    if (unknown !== undefined) throw new UsageError(`no benchmark '${unknown}' (${all.join(", ")})`);
    // The benches read the environment themselves; a bad setting stops here, before any runs.
    readConfig(baseEnvShape);
    const files = all.filter((n) => wanted.length === 0 || wanted.includes(n)).map((n) => `${n}.bench.ts`);
    const results: unknown[] = [];
    for (const f of files) {
      const r = await run(f);
      results.push(r);
      console.log(JSON.stringify(r, null, 2));
    }
    fs.mkdirSync(path.join(dir, "results"), { recursive: true });
    const out = path.join(dir, "results", "latest.json");
    fs.writeFileSync(out, `${JSON.stringify({ at: new Date().toISOString(), results }, null, 2)}\n`);
    console.log(`\nwrote ${out}`);
    const failed = files.filter((_, i) => (results[i] as { failed?: boolean }).failed === true);
    if (failed.length === 0) return 0;
    console.error(`[bench] ${failed.length} of ${files.length} failed: ${failed.join(", ")}`);
    return 1;
  },
);
