/**
 * `npm run replay -- [--name N] [--from ISO] [--to ISO] [--capacity "chain:Heytea=2x;shops=1.5x"]
 *  [--rules "rule:shop-over-capacity.for=5m"]
 *  [--baseline REPLAY_ID] [--workers N]`: replays a past launch from the raw events in Kafka,
 * shows its progress on stderr (percent of the events, rate, ETA), prints its report (and the
 * comparison with the baseline, for a what-if) and where to open it in the dashboard.
 */
import { z } from "zod";
import { createReplayStore } from "../../adapters/db/replay-store";
import { waitForKafka } from "../../adapters/kafka/client";
import { createLogger } from "../../adapters/log";
import { runCommand } from "../../config/cli";
import { baseEnvShape, kafkaConnection, readConfig } from "../../config/env";
import { UsageError } from "../../core/errors";
import { parseCapacityOverrides } from "../../core/replay/capacity-overrides";
import { createProgressMeter, formatProgress } from "../../core/replay/progress";
import { parseRuleOverrides } from "../../core/replay/rule-overrides";
import { webEnvShape } from "../../server/config";
import { replayOptionsFromEnv } from "./env-options";
import { runReplay } from "./run";

/** The replay's environment: the shared settings, and where the dashboard is (for the link). */
const replayEnvShape = { ...baseEnvShape, LW_PUBLIC_URL: webEnvShape.LW_PUBLIC_URL, PORT: webEnvShape.PORT };

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

/** Progress lines at most this often (and the last one when the events are all read). */
const progressEveryMs = 2000;

void runCommand(
  {
    name: "replay",
    synopsis: "[options]",
    description:
      "Replays a past launch from the raw events in Kafka (a what-if with other capacities or rules),\n" +
      "shows its progress, prints its report and where to open it in the dashboard.",
    flags: {
      name: { type: "string", value: "N", default: "replay", help: "the replay's name" },
      from: { type: "string", value: "ISO", help: "event-time start (default: the first event)" },
      to: { type: "string", value: "ISO", help: "event-time end, exclusive (default: the last event)" },
      capacity: {
        type: "string",
        value: "SPEC",
        help: 'what-if capacities, e.g. "chain:Heytea=2x;shops=1.5x"',
      },
      rules: { type: "string", value: "SPEC", help: 'what-if rules, e.g. "rule:shop-over-capacity.for=5m"' },
      baseline: { type: "string", value: "ID", help: "a replay to compare with" },
      workers: { type: "string", value: "N", default: "1", help: "re-aggregation processes, 1-16" },
    },
    env: replayEnvShape,
  },
  async ({ flags }) => {
    const args = z
      .object({ from: isoTime("from"), to: isoTime("to"), workers: z.coerce.number().int().min(1).max(16) })
      .safeParse(flags);
    if (!args.success) throw new UsageError(args.error.issues[0]?.message ?? "invalid");
    const env = readConfig(replayEnvShape);
    const overrides = flags.capacity ? parseCapacityOverrides(flags.capacity) : [];
    const ruleOverrides = flags.rules ? parseRuleOverrides(flags.rules) : [];
    const { brokers, brokersSetting, security } = kafkaConnection(env);
    await waitForKafka(brokers, { setting: brokersSetting, security });
    const logger = createLogger({ level: env.LOG_LEVEL, base: { component: "replay" } });
    let meter: ReturnType<typeof createProgressMeter> | null = null;
    let lastLine = 0;
    const result = await runReplay(
      {
        name: flags.name,
        from: args.data.from,
        to: args.data.to,
        overrides,
        ruleOverrides,
        baselineId: flags.baseline ?? null,
        workers: args.data.workers,
      },
      {
        ...replayOptionsFromEnv(env, logger),
        onProgress: ({ done, total }) => {
          meter ??= createProgressMeter({ total });
          const p = meter.read(done, Date.now());
          if (Date.now() - lastLine < progressEveryMs && done < total) return;
          lastLine = Date.now();
          process.stderr.write(`[replay] ${formatProgress(p)}\n`);
        },
      },
    );
    console.log(
      JSON.stringify({ replay: result.id, seconds: result.ms / 1000, summary: result.summary }, null, 2),
    );
    if (flags.baseline) {
      const replays = createReplayStore({ databaseUrl: env.DATABASE_URL });
      const base = await replays.get(flags.baseline);
      await replays.close();
      if (base?.summary) {
        console.log(
          `what-if vs baseline ${base.id}: alerts fired ${base.summary.alerts.fired} -> ${result.summary.alerts.fired}, ` +
            `shop-minutes over capacity ${Math.round(base.summary.shopSecondsOverCapacity / 60)} -> ${Math.round(result.summary.shopSecondsOverCapacity / 60)}`,
        );
      }
    }
    const origin = env.LW_PUBLIC_URL ?? `http://127.0.0.1:${env.PORT}`;
    console.log(
      `Open the result: ${origin}/replays/${result.id}  (report: ${origin}/replays/${result.id}/report)`,
    );
    return 0;
  },
);
