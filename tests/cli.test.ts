/**
 * Every `npm run` command of ours follows one convention (config/cli.ts): `--help` prints its
 * usage, flags and environment and exits 0 without connecting to anything; a bad flag prints the
 * usage and exits 2; a failure at run time (here: a bad setting) is one line and exit 1. The
 * commands are taken from package.json, so a new one is held to it too; the scripts that only
 * wrap a tool (vitest, biome, tsc, prisma) keep that tool's own conventions.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { beforeAll, describe, it } from "vitest";
import { npmRun as runNpm } from "./support/processes";

const toolWrappers = new Set([
  "test",
  "test:unit",
  "lint",
  "format",
  "typecheck",
  "db:migrate",
  "db:generate",
]);
const scripts = Object.keys(
  (JSON.parse(fs.readFileSync("package.json", "utf8")) as { scripts: Record<string, string> }).scripts,
).filter((s) => !toolWrappers.has(s));
/** Commands that read no environment of ours: no bad setting to fail on. */
const noEnvironment = new Set(["setup", "build:web"]);
/** Arguments that get each command past its flags to where it reads its settings. */
const runArgs: Record<string, string[]> = {
  stack: ["status"],
  users: ["list"],
  simulate: ["--speed", "max", "--duration", "1s"],
  "rules:load": ["--dry-run"],
  sources: ["check"],
};

// Nothing listens there: a command that connected before answering would fail or hang.
const nowhere = {
  KAFKA_BROKERS: "127.0.0.1:9",
  DATABASE_URL: "postgresql://nobody@127.0.0.1:9/nowhere",
  LW_TOPIC_PREFIX: "cli-test.",
};

const npmRun = (script: string, args: string[], env: Record<string, string> = {}) =>
  runNpm(script, args, { env: { ...nowhere, ...env } });

// stack, demo and bench run the npm set-up first: bring it up to date once, so that their
// output is theirs alone (and no two of them generate the Prisma client at once).
beforeAll(() => {
  const r = spawnSync(process.execPath, ["scripts/setup/ensure-deps.mjs", "--quiet"], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`set-up failed: ${r.stderr}`);
}, 300_000);

// About 40 short processes: five at a time (vitest's maxConcurrency) rather than one by one.
describe.concurrent("command-line conventions of every npm run command", () => {
  it("covers the commands the issue names", ({ expect }) => {
    for (const c of ["stack", "seed", "simulate", "worker", "web", "notifier", "replay", "users"])
      expect(scripts).toContain(c);
    for (const c of ["rules:load", "bench", "tally", "demo"]) expect(scripts).toContain(c);
  });

  it.for(scripts)(
    "%s --help: usage, flags and environment, exit 0, nothing connected",
    async (script, { expect }) => {
      const r = await npmRun(script, ["--help"]);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(r.stdout.split("\n")[0]).toMatch(new RegExp(`^usage: npm run ${script.replace(":", "\\:")}\\b`));
      expect(r.stdout).toMatch(/--help/);
      if (!noEnvironment.has(script)) expect(r.stdout).toMatch(/Environment[^\n]*:\n\s+[A-Z_]+\s/);
    },
  );

  it.for(scripts)("%s --no-such-flag: the problem and the usage, exit 2", async (script, { expect }) => {
    const r = await npmRun(script, ["--no-such-flag"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no-such-flag/);
    expect(r.stderr).toMatch(new RegExp(`^usage: npm run ${script.replace(":", "\\:")}\\b`, "m"));
    expect(r.stdout).toBe("");
  });

  it.for(scripts.filter((s) => !noEnvironment.has(s)))(
    "%s with a bad setting: one line naming it, exit 1",
    async (script, { expect }) => {
      const r = await npmRun(script, runArgs[script] ?? [], { LW_PARTITIONS: "zero" });
      expect(r.code).toBe(1);
      const lines = r.stderr.trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/LW_PARTITIONS/);
      expect(lines[0]).toMatch(/^\[[a-z:]+\] /);
    },
  );
});
