/**
 * `npm run replay -- [--name N] [--from ISO] [--to ISO] [--capacity "chain:Heytea=2x;shops=1.5x"]
 *  [--rules "rule:shop-over-capacity.for=5m"]
 *  [--baseline REPLAY_ID] [--workers N]`: replays a past launch from the raw events in Kafka and
 * prints its report (and the comparison with the baseline, for a what-if).
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { createReplayStore } from "../../adapters/db/replay-store";
import { createKafka, waitForKafka } from "../../adapters/kafka/client";
import { topicNames } from "../../adapters/kafka/topics";
import { createLogger } from "../../adapters/log";
import { baseEnvShape, kafkaConnection, readConfig } from "../../config/env";
import { ConfigError, describeError } from "../../core/errors";
import { parseCapacityOverrides } from "../../core/replay/capacity-overrides";
import { parseRuleOverrides } from "../../core/replay/rule-overrides";
import { runReplay } from "./run";

const isoTime = (flag: string) =>
  z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (s === undefined) return undefined;
      const t = Date.parse(s);
      if (Number.isNaN(t)) {
        ctx.addIssue({
          code: "custom",
          message: `--${flag} must be an ISO date-time, got ${JSON.stringify(s)}`,
        });
        return z.NEVER;
      }
      return t;
    });

async function main() {
  const { values } = parseArgs({
    options: {
      name: { type: "string", default: "replay" },
      from: { type: "string" },
      to: { type: "string" },
      capacity: { type: "string" },
      rules: { type: "string" },
      baseline: { type: "string" },
      workers: { type: "string", default: "1" },
    },
  });
  const args = z
    .object({ from: isoTime("from"), to: isoTime("to"), workers: z.coerce.number().int().min(1).max(16) })
    .safeParse(values);
  if (!args.success) throw new ConfigError("arguments", args.error.issues[0]?.message ?? "invalid");
  const env = readConfig(baseEnvShape);
  const { brokers, brokersSetting, security } = kafkaConnection(env);
  await waitForKafka(brokers, { setting: brokersSetting, security });
  const logger = createLogger({ level: env.LOG_LEVEL, base: { component: "replay" } });
  const result = await runReplay(
    {
      name: values.name!,
      from: args.data.from,
      to: args.data.to,
      overrides: values.capacity ? parseCapacityOverrides(values.capacity) : [],
      ruleOverrides: values.rules ? parseRuleOverrides(values.rules) : [],
      baselineId: values.baseline ?? null,
      workers: args.data.workers,
    },
    {
      kafka: createKafka({ brokers, security }),
      topics: topicNames(env.LW_TOPIC_PREFIX),
      databaseUrl: env.DATABASE_URL,
      childEnv: {
        KAFKA_BROKERS: brokers.join(","),
        DATABASE_URL: env.DATABASE_URL,
        LW_TOPIC_PREFIX: env.LW_TOPIC_PREFIX,
      },
      logger,
    },
  );
  console.log(
    JSON.stringify({ replay: result.id, seconds: result.ms / 1000, summary: result.summary }, null, 2),
  );
  if (values.baseline) {
    const replays = createReplayStore({ databaseUrl: env.DATABASE_URL });
    const base = await replays.get(values.baseline);
    await replays.close();
    if (base?.summary) {
      console.log(
        `what-if vs baseline ${base.id}: alerts fired ${base.summary.alerts.fired} -> ${result.summary.alerts.fired}, ` +
          `shop-minutes over capacity ${Math.round(base.summary.shopSecondsOverCapacity / 60)} -> ${Math.round(result.summary.shopSecondsOverCapacity / 60)}`,
      );
    }
  }
}

main().catch((err) => {
  console.error(`[replay] ${describeError(err)}`);
  process.exit(1);
});
