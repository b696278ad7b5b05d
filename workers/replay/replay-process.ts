/**
 * A replay run in a process of its own, for the web process (adapters/process/replay-process.ts
 * spawns it): it reads its environment once, waits for one `run` message over IPC, runs the
 * replay and reports progress and the outcome over IPC. A `cancel` message, or its parent going
 * away (the IPC channel closes), cancels it: the replay's processes stop and its row ends failed.
 */
import { z } from "zod";
import { waitForKafka } from "../../adapters/kafka/client";
import { createLogger } from "../../adapters/log";
import { baseEnvShape, kafkaConnection, readConfig } from "../../config/env";
import { describeError } from "../../core/errors";
import { CapacityOverrideSchema } from "../../core/replay/capacity-overrides";
import { RuleOverrideSchema } from "../../core/replay/rule-overrides";
import { replayOptionsFromEnv } from "./env-options";
import { runReplay } from "./run";

/** What the parent sends. */
export const ReplayProcessMessageSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("run"),
    request: z.object({
      id: z.string(),
      name: z.string(),
      from: z.number().optional(),
      to: z.number().optional(),
      overrides: z.array(CapacityOverrideSchema).optional(),
      ruleOverrides: z.array(RuleOverrideSchema).optional(),
      baselineId: z.string().nullable().optional(),
      workers: z.number().int().min(1).max(16).optional(),
    }),
  }),
  z.object({ type: z.literal("cancel") }),
]);

async function main() {
  const env = readConfig(baseEnvShape);
  const logger = createLogger({ level: env.LOG_LEVEL, base: { component: "replay" } });
  const stop = new AbortController();
  process.on("disconnect", () => stop.abort());
  process.on("SIGTERM", () => stop.abort());
  const send = (m: unknown) => {
    if (process.connected) process.send?.(m);
  };
  const request = await new Promise<z.infer<typeof ReplayProcessMessageSchema> & { type: "run" }>(
    (resolve) => {
      process.on("message", (raw) => {
        const m = ReplayProcessMessageSchema.safeParse(raw);
        if (!m.success) return logger.warn("replay process: a message it does not know", {});
        if (m.data.type === "cancel") stop.abort();
        else resolve(m.data);
      });
    },
  );
  const { brokers, brokersSetting, security } = kafkaConnection(env);
  try {
    await waitForKafka(brokers, { setting: brokersSetting, security });
    await runReplay(request.request, {
      ...replayOptionsFromEnv(env, logger),
      signal: stop.signal,
      onProgress: (events) => send({ type: "progress", ...events }),
    });
    send({ type: "done" });
  } catch (err) {
    send({ type: "failed", error: describeError(err) });
    process.exitCode = 1;
  }
  process.disconnect?.();
}

void main();
