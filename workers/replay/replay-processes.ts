/**
 * A replay's re-aggregation processes (workers/replay/worker-main.ts): where the logs begin and
 * end when the replay starts (what it covers), and the processes, each with a fixed share of
 * the partitions in a Kafka group of the replay's own.
 */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Kafka } from "kafkajs";
import type { TopicNames } from "../../adapters/kafka/topics";
import type { Logger } from "../../adapters/log";
import type { SizedPartition } from "./balance";
import { type ReplayWorkerReport, ReplayWorkerReportSchema } from "./worker-report";

const here = path.dirname(fileURLToPath(import.meta.url));

/** Each event partition's first and end offsets now (`topic/partition` keys; empty ones have no end). */
export async function readLogBounds(kafka: Kafka, topics: TopicNames) {
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map<string, number>();
  const starts = new Map<string, number>();
  const sized: SizedPartition[] = [];
  try {
    for (const topic of [topics.orders, topics.api, topics.downloads]) {
      for (const o of await admin.fetchTopicOffsets(topic)) {
        if (Number(o.high) > 0) ends.set(`${topic}/${o.partition}`, Number(o.high));
        starts.set(`${topic}/${o.partition}`, Number(o.low));
        sized.push({ topic, partition: o.partition, events: Number(o.high) - Number(o.low) });
      }
    }
  } finally {
    await admin.disconnect();
  }
  return { ends, starts, sized };
}

export interface ReplayProcesses {
  children: ChildProcess[];
  /** Why one exited with an error, or null. */
  failed(): string | null;
  /** SIGTERM to all (each emits its last frames) and wait for them to exit. */
  stop(): Promise<void>;
  /** SIGKILL to those still running. */
  kill(): void;
}

export function spawnReplayProcesses({
  id,
  shares,
  childEnv,
  childExecArgv = [],
  storeStepSeconds,
  logger,
  onReport,
}: {
  id: string;
  /** The partitions of each process. */
  shares: ReadonlyArray<ReadonlyArray<{ topic: string; partition: number }>>;
  childEnv: Record<string, string>;
  childExecArgv?: string[];
  storeStepSeconds: number;
  logger: Logger;
  onReport(report: ReplayWorkerReport): void;
}): ReplayProcesses {
  let failed: string | null = null;
  const children = shares.map((share, i) => {
    const child = spawn(
      process.execPath,
      [
        // A larger young generation: decoding allocates a lot of short-lived objects, and
        // scavenges were a tenth of a replay process's time.
        "--max-semi-space-size=64",
        ...childExecArgv,
        "--import",
        "tsx",
        path.join(here, "worker-main.ts"),
      ],
      {
        env: {
          ...process.env,
          ...childEnv,
          LW_REPLAY_ID: id,
          // A fixed share of the partitions each (about equal in events), in a Kafka group of
          // its own: processes starting one after another cause no rebalances (no re-reading).
          LW_REPLAY_PROCESS: String(i),
          LW_REPLAY_PARTITIONS: share.map((p) => `${p.topic}/${p.partition}`).join(","),
          LW_REPLAY_STORE_STEP_SECONDS: String(storeStepSeconds),
          LOG_LEVEL: "warn",
        },
        stdio: ["ignore", "inherit", "inherit", "ipc"],
      },
    );
    child.on("message", (m) => {
      const report = ReplayWorkerReportSchema.safeParse(m);
      if (report.success) onReport(report.data);
      else logger.warn("replay process sent a message that is not a report", { error: report.error.message });
    });
    child.on("exit", (code) => {
      if (code !== 0 && code !== null) failed = `a re-aggregation process exited with code ${code}`;
    });
    return child;
  });
  return {
    children,
    failed: () => failed,
    async stop() {
      await Promise.all(
        children.map(
          (c) =>
            new Promise((resolve) => {
              if (c.exitCode !== null) return resolve(null);
              c.once("exit", resolve);
              c.kill("SIGTERM");
            }),
        ),
      );
    },
    kill() {
      for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
    },
  };
}
