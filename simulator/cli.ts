/**
 * `npm run simulate -- [options]` (see args.ts for the flags). Reads the environment once
 * (KAFKA_BROKERS, LW_TOPIC_PREFIX, LW_PARTITIONS, LW_KAFKA_PORT), creates the topics if needed,
 * runs the launch, prints progress to stderr and, last on stdout, the JSON summary.
 * Ctrl-C stops after the current batch, flushes and disconnects; a second Ctrl-C exits at once.
 */
import { createKafka, waitForKafka } from "../adapters/kafka/client";
import { ensureTopics, topicNames } from "../adapters/kafka/topics";
import { envHelpText } from "../config/cli";
import { baseEnvShape, kafkaConnection, readConfig } from "../config/env";
import { ConfigError, describeError } from "../core/errors";
import { generateReferenceData } from "../core/reference";
import type { TopicRole } from "../core/simulation/wire";
import { parseSimulatorArgs, usage } from "./args";
import { runSimulator } from "./run";
import type { Sink } from "./sink";
import { createFileSink } from "./sink-file";
import { createKafkaSink } from "./sink-kafka";

const log = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<number> {
  let args: ReturnType<typeof parseSimulatorArgs>;
  try {
    args = parseSimulatorArgs(process.argv.slice(2));
  } catch (err) {
    log(`[simulate] ${describeError(err)}\n${usage}`);
    return 2;
  }
  if (args === "help") {
    process.stdout.write(`${usage}\n\n${envHelpText(baseEnvShape)}\n`);
    return 0;
  }
  const env = readConfig(baseEnvShape);
  const reference = generateReferenceData(args.refSeed, args.shops);

  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(130);
    log("[simulate] stopping: flushing what was sent (Ctrl-C again to quit at once)");
    controller.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  const sinks: Sink[] = [];
  let kafkaInfo: { brokers: string[]; topics: Record<TopicRole, string> } | null = null;
  try {
    if (args.out) sinks.push(createFileSink(args.out));
    if (args.kafka) {
      const { brokers, brokersSetting, security } = kafkaConnection(env);
      await waitForKafka(brokers, { setting: brokersSetting, security });
      const names = topicNames(env.LW_TOPIC_PREFIX);
      const topics = { orders: names.orders, downloads: names.downloads, api: names.api };
      const admin = createKafka({ brokers, security }).admin();
      await admin.connect();
      let partitions: Record<TopicRole, number>;
      try {
        await ensureTopics(admin, names, env.LW_PARTITIONS);
        const meta = await admin.fetchTopicMetadata({ topics: Object.values(topics) });
        const count = (topic: string) => meta.topics.find((t) => t.name === topic)?.partitions.length ?? 0;
        partitions = {
          orders: count(topics.orders),
          downloads: count(topics.downloads),
          api: count(topics.api),
        };
      } finally {
        await admin.disconnect();
      }
      sinks.push(
        await createKafkaSink({
          brokers,
          security,
          topics,
          partitions,
          threads: args.producers,
          client: args.kafkaClient,
        }),
      );
      kafkaInfo = { brokers, topics };
    }
  } catch (err) {
    await Promise.allSettled(sinks.map((s) => s.close()));
    throw err;
  }

  log(
    `[simulate] seed ${args.seed}, scale ${args.scale}, speed ${args.speed}, ${args.durationSec} s from ` +
      `${new Date(args.startMs).toISOString()} -> ${sinks.map((s) => s.name).join(" + ")}`,
  );
  const summary = await runSimulator(args, {
    sinks,
    reference,
    signal: controller.signal,
    onProgress: args.progressMs > 0 ? log : undefined,
  });
  process.stdout.write(`${JSON.stringify(kafkaInfo ? { ...summary, kafka: kafkaInfo } : summary)}\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    log(`[simulate] ${err instanceof ConfigError ? err.message : describeError(err)}`);
    process.exit(1);
  },
);
