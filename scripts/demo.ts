/**
 * `npm run demo`: everything a newcomer needs to see Launchwatch work, in one command. Brings
 * the stack up (local Kafka and Postgres unless configured), seeds the 300,000 shops and the
 * alert rules, starts an aggregation worker, the dashboard, the notifier and the launch
 * simulator, and stops them all on Ctrl-C.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { baseEnvShape, readConfig } from "../config/env";
import { describeError } from "../core/errors";
import { stackUp } from "./stack/stack";

const speed = process.env.LW_DEMO_SPEED ?? "30";
const port = process.env.PORT ?? "3000";
const children: ChildProcess[] = [];

function start(
  name: string,
  script: string,
  args: string[] = [],
  env: Record<string, string> = {},
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
      for (const l of lines) out.write(`[${name}] ${l}\n`);
    });
  };
  prefix(child.stdout!, process.stdout);
  prefix(child.stderr!, process.stderr);
  child.on("exit", (code, signal) => {
    if (!stopping) {
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
  start("worker", "workers/aggregator/main.ts", [], { LOG_LEVEL: "warn", LW_WORKER_METRICS_PORT: "9464" });
  start("web", "server/main.ts", [], { PORT: port });
  start("notifier", "workers/notifier/main.ts", [], { LOG_LEVEL: "warn" });
  start("simulator", "simulator/cli.ts", ["--speed", speed, "--duration", "9h", "--chaos"]);
  log(
    `dashboard: http://127.0.0.1:${port}  (sign in as "admin"; a first run prints its one-time password above)`,
  );
  log(
    `simulating the launch at ${speed}x (LW_DEMO_SPEED to change); worker metrics at http://127.0.0.1:9464/metrics`,
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
