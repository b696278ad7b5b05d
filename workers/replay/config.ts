/**
 * Settings of one re-aggregation process of a replay (workers/replay/worker-main.ts), read once
 * from the environment workers/replay/run.ts gives it: the aggregation worker's settings plus
 * the LW_REPLAY_* ones.
 */
import { z } from "zod";
import { readConfig } from "../../config/env";
import { ConfigError } from "../../core/errors";
import { workerEnvShape } from "../aggregator/config";

export const replayWorkerEnvShape = {
  ...workerEnvShape,
  /** The replay this process re-aggregates. */
  LW_REPLAY_ID: z.string().min(1),
  /**
   * `topic/partition,...`: the partitions this process reads, in a Kafka group of its own
   * (LW_REPLAY_PROCESS names it); unset: join the replay's shared group.
   */
  LW_REPLAY_PARTITIONS: z.string().optional(),
  LW_REPLAY_PROCESS: z.string().min(1).default("0"),
  /** Finest bucket stored, in event-time seconds (see AggregateStoreOptions.stepSeconds). */
  LW_REPLAY_STORE_STEP_SECONDS: z.coerce.number().int().positive().default(1),
};

export function readReplayWorkerConfig(env: Record<string, string | undefined> = process.env) {
  const c = readConfig(replayWorkerEnvShape, env);
  const listed = c.LW_REPLAY_PARTITIONS;
  const partitions =
    listed === undefined
      ? null
      : listed
          .split(",")
          .filter(Boolean)
          .map((s) => {
            const m = /^(.+)\/(\d+)$/.exec(s);
            if (!m)
              throw new ConfigError("LW_REPLAY_PARTITIONS", `not topic/partition: ${JSON.stringify(s)}`);
            return { topic: m[1]!, partition: Number(m[2]) };
          });
  return { ...c, partitions };
}
