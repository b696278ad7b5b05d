/**
 * `npm run demo`: everything a newcomer needs to see Launchwatch work, in one command. Brings
 * the stack up (local Kafka and Postgres unless configured), seeds the 300,000 shops and the
 * alert rules, starts an aggregation worker, the dashboard, the notifier and the launch
 * simulator. When the simulated launch ends everything else stays up: the worker finishes what
 * was sent, the demo says so and where to replay it; Ctrl-C stops them all.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { z } from "zod";
import { commandLine } from "../config/cli";
import { baseEnvShape, readConfig } from "../config/env";
import { describeError } from "../core/errors";
import { durationHint, tryParseDuration } from "../core/time/duration";
import type { RunSummary } from "../simulator/run";
import { finishedLines, waitForWorker } from "./demo-finish";
import { stackUp } from "./stack/stack";
import { formatTally, tallyEnvShape, tallyStream, topicSizes } from "./tally";

/** Bad demo settings stop it here with one line naming the setting. */
const demoShape = {
  LW_DEMO_SPEED: z
    .string()
    .regex(/^(\d+(\.\d+)?|max)$/, "a number or max")
    .default("30"),
  /** Length of the simulated launch (the simulator's --duration), default the whole 9 h. */
  LW_DEMO_DURATION: z
    .string()
    .refine((s) => (tryParseDuration(s) ?? 0) >= 1000, durationHint)
    .default("9h"),
  /** Share of the launch's volume (the simulator's --scale), default 1. */
  LW_DEMO_SCALE: z.coerce.number().positive().max(1).default(1),
  /** 0: no chaos mix (late, duplicate, malformed events), so totals equal the simulator's exactly. */
  LW_DEMO_CHAOS: z.enum(["0", "1"]).default("1"),
  PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
  LW_DEMO_METRICS_PORT: z.coerce.number().int().min(1).max(65_535).default(9464),
};
const demoConfig = () => readConfig(demoShape);
commandLine({
  name: "demo",
  synopsis: "",
  description:
    "Everything a newcomer needs to see Launchwatch work: the stack, the seeded shops and rules, a\n" +
    "worker, the dashboard, the notifier and the simulated launch. Ctrl-C stops what it started.",
  flags: {},
  env: { ...baseEnvShape, ...demoShape },
});
const demoEnv = (() => {
  try {
    return demoConfig();
  } catch (err) {
    console.error(`[demo] ${describeError(err)}`);
    process.exit(1);
  }
})();
const speed = demoEnv.LW_DEMO_SPEED;
const port = String(demoEnv.PORT);
const metricsPort = String(demoEnv.LW_DEMO_METRICS_PORT);
const children: ChildProcess[] = [];
/** The simulator's JSON summary (its last stdout line). */
let summary: RunSummary | null = null;

function start(
  name: string,
  script: string,
  args: string[] = [],
  env: Record<string, string> = {},
  onExit?: (code: number | null) => boolean,
): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const prefix = (stream: NodeJS.ReadableStream, out: NodeJS.WriteStream) => {
    let buf = "";
    stream.on("data", (d: Buffer) => {
      buf += d.toString();
      const lines = buf.split("\n");
      buf = lines.pop() ?? "";
      for (const l of lines) {
        if (l.startsWith('{"type":"summary"')) summary = JSON.parse(l) as RunSummary;
        out.write(`[${name}] ${l}\n`);
      }
    });
  };
  prefix(child.stdout!, process.stdout);
  prefix(child.stderr!, process.stderr);
  child.on("exit", (code, signal) => {
    if (!stopping && !onExit?.(code)) {
      console.error(`[demo] ${name} exited (${signal ?? code}); stopping the demo`);
      void stop(1);
    }
  });
  children.push(child);
  return child;
}

function run(name: string, script: string, args: string[] = []): Promise<void> {
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, ["--import", "tsx", script, ...args], { stdio: "inherit" });
    c.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${name} failed with exit code ${code}`)),
    );
  });
}

let stopping = false;
async function stop(code = 0): Promise<void> {
  if (stopping) return;
  stopping = true;
  for (const c of children) if (c.exitCode === null) c.kill("SIGTERM");
  await Promise.all(
    children.map((c) => (c.exitCode === null ? new Promise((r) => c.once("exit", r)) : null)),
  );
  process.exit(code);
}

async function main() {
  const env = readConfig(baseEnvShape);
  const log = (line: string) => console.log(`[demo] ${line}`);
  log("bringing the stack up...");
  await stackUp(env, log);
  log("seeding reference data (300,000 shops; skipped when present)...");
  await run("seed", "scripts/seed.ts");
  log("loading alert rules from alert-rules.yaml...");
  await run("rules", "scripts/load-rules.ts");
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));
  // What the topics held before this run: the books compare the simulator's sends with the growth.
  const tallyConfig = readConfig(tallyEnvShape);
  const sentSince = await topicSizes(tallyConfig);
  start("worker", "workers/aggregator/main.ts", [], {
    LOG_LEVEL: "warn",
    LW_WORKER_METRICS_PORT: metricsPort,
  });
  start("web", "server/main.ts", [], { PORT: port });
  start("notifier", "workers/notifier/main.ts", [], { LOG_LEVEL: "warn" });
  const dashboard = `http://127.0.0.1:${port}`;
  const simArgs = [
    "--speed",
    speed,
    "--duration",
    demoEnv.LW_DEMO_DURATION,
    "--scale",
    String(demoEnv.LW_DEMO_SCALE),
  ];
  // The end of the launch is not the end of the demo: the worker may still be behind, and the
  // launch is there to be replayed.
  start(
    "simulator",
    "simulator/cli.ts",
    [...simArgs, ...(demoEnv.LW_DEMO_CHAOS === "1" ? ["--chaos"] : [])],
    {},
    (code) => {
      if (code !== 0) return false;
      log("the simulator finished; the dashboard, worker and notifier keep running");
      void waitForWorker(`http://127.0.0.1:${metricsPort}/metrics`, { log, stopped: () => stopping }).then(
        (seconds) => {
          if (stopping) return;
          for (const line of finishedLines(summary, seconds, dashboard)) log(line);
          // Every event the simulator sent, accounted for per kind (also: npm run tally).
          void tallyStream({
            config: tallyConfig,
            group: tallyConfig.LW_WORKER_GROUP,
            stream: tallyConfig.LW_STREAM,
            sent: summary?.sent,
            sentSince,
          })
            .then((t) => {
              log("the books of the launch (npm run tally shows them again):");
              for (const line of formatTally(t).split("\n")) log(`  ${line}`);
            })
            .catch((err) => log(`could not tally the launch: ${describeError(err)}`));
        },
      );
      return true;
    },
  );
  log(
    `dashboard: http://127.0.0.1:${port}  (sign in as "admin"; a first run prints its one-time password above)`,
  );
  log(
    `simulating the launch at ${speed === "max" ? "full speed" : `${speed}x`} (LW_DEMO_SPEED to change); worker metrics at http://127.0.0.1:${metricsPort}/metrics`,
  );
  log(
    `replays: http://127.0.0.1:${port}/replays: replay what was simulated so far, play it at up to 1000x, try shops=2x`,
  );
  log("Ctrl-C stops everything started here; `npm run stack -- down` also stops Kafka.");
}

main().catch((err) => {
  console.error(`[demo] ${describeError(err)}`);
  void stop(1);
});
