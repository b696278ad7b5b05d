/**
 * The replay runner the web process uses (core/replay/replay-runner.ts): each Kafka replay runs
 * in a child process (workers/replay/replay-process.ts), which starts the re-aggregation
 * processes, keeps the replay's row (progress, heartbeat, outcome) and reports over IPC.
 * Aborting the signal sends `cancel`, then SIGKILL if the child has not ended in `killAfterMs`.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { LaunchwatchError } from "../../core/errors";
import type { ReplayRunner } from "../../core/replay/replay-runner";
import type { Logger } from "../log";

const script = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../workers/replay/replay-process.ts",
);

export function createReplayProcessRunner({
  env = {},
  logger,
  killAfterMs = 15_000,
}: {
  /** Environment of the child on top of this process's (brokers, database, topic prefix). */
  env?: Record<string, string>;
  logger: Logger;
  killAfterMs?: number;
}): ReplayRunner {
  return {
    run(req, { signal, onProgress }) {
      return new Promise<void>((resolve, reject) => {
        const child = spawn(process.execPath, ["--import", "tsx", script], {
          env: { ...process.env, ...env },
          stdio: ["ignore", "inherit", "inherit", "ipc"],
        });
        let failure: string | null = null;
        let done = false;
        child.on("message", (m: unknown) => {
          if (!m || typeof m !== "object") return;
          const msg = m as { type?: string; done?: number; total?: number; error?: string };
          if (msg.type === "progress" && typeof msg.done === "number" && typeof msg.total === "number")
            onProgress?.({ done: msg.done, total: msg.total });
          else if (msg.type === "failed") failure = String(msg.error);
          else if (msg.type === "done") done = true;
        });
        let killTimer: NodeJS.Timeout | undefined;
        const cancel = () => {
          if (child.connected) child.send({ type: "cancel" });
          killTimer = setTimeout(() => child.kill("SIGKILL"), killAfterMs);
          killTimer.unref();
        };
        if (signal.aborted) cancel();
        else signal.addEventListener("abort", cancel, { once: true });
        child.once("error", reject);
        child.once("exit", (code) => {
          clearTimeout(killTimer);
          signal.removeEventListener("abort", cancel);
          if (done) return resolve();
          const why = failure ?? `the replay process exited with code ${code}`;
          logger.warn("replay process ended without finishing", { id: req.id, error: why });
          reject(new LaunchwatchError(why));
        });
        child.send({ type: "run", request: req });
      });
    },
  };
}
