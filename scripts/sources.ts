/**
 * `npm run sources -- check [--file F] [--sample N]`: tests a source mapping before the launch.
 * Prints each kind's consumer group, reads up to N records from the start of each topic the mapping
 * names, maps them as the worker would, prints how (core/sources/check-report.ts), and exits 1 if
 * any would be dead-lettered.
 * A bad mapping or a topic that does not exist stops it first, naming the file, line and field.
 */
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { createKafka, waitForKafka } from "../adapters/kafka/client";
import type { RecordHeaders } from "../adapters/kafka/record-headers";
import { runCommand } from "../config/cli";
import { baseEnvShape, kafkaConnection, readConfig } from "../config/env";
import { ConfigError, UsageError } from "../core/errors";
import {
  type CheckTally,
  createTally,
  formatCheckReport,
  formatGroups,
  tallyResult,
} from "../core/sources/check-report";
import type { SourceRecord } from "../core/sources/mapper";
import { workerEnvShape } from "../workers/aggregator/config";
import { openSources } from "../workers/aggregator/open-sources";

const envShape = {
  ...baseEnvShape,
  /** The mapping to check when --file is not given. */
  LW_SOURCES_FILE: z.string().min(1).optional(),
  /** The group of kinds that name none, as the workers take it. */
  LW_WORKER_GROUP: workerEnvShape.LW_WORKER_GROUP,
};

const headerOf = (headers: RecordHeaders | undefined, name: string): string | null => {
  const v = headers?.[name];
  const one = Array.isArray(v) ? v[0] : v;
  return one === undefined ? null : one.toString();
};

void runCommand(
  {
    name: "sources",
    synopsis: "check [--file F] [--sample N]",
    description:
      "Checks a source mapping (docs/SOURCES.md) against the topics it names: how their first records map,\n" +
      "the count of each dead-letter reason; exits 1 if any record would fail.",
    flags: {
      file: { type: "string", value: "F", help: "the mapping (default LW_SOURCES_FILE)" },
      sample: { type: "string", value: "N", default: "100", help: "records read from each topic" },
    },
    positionals: { min: 1, max: 1 },
    env: envShape,
  },
  async ({ flags, positionals }) => {
    if (positionals[0] !== "check") throw new UsageError(`unknown sub-command '${positionals[0]}' (check)`);
    const sample = Number(flags.sample);
    if (!Number.isInteger(sample) || sample < 1) throw new ConfigError("--sample", "a whole number >= 1");
    const env = readConfig(envShape);
    const file = flags.file ?? env.LW_SOURCES_FILE;
    if (!file) throw new ConfigError("--file", "no mapping: pass --file or set LW_SOURCES_FILE");
    const { brokers, brokersSetting, security } = kafkaConnection(env);
    await waitForKafka(brokers, { setting: brokersSetting, security });
    const kafka = createKafka({ brokers, security, clientId: "lw-sources-check" });
    const sources = await openSources(file, {
      kafka,
      databaseUrl: env.DATABASE_URL,
      fallbackGroup: env.LW_WORKER_GROUP,
    });
    for (const line of formatGroups(sources.groups, file, "LW_WORKER_GROUP")) console.log(line);
    const tallies: CheckTally[] = [];
    for (const [topic, kind] of sources.kinds) {
      const tally = createTally(topic, kind);
      tallies.push(tally);
      await readSample(kafka, topic, sample, (m) => {
        const record: SourceRecord = {
          value: m.value === null ? null : m.value.toString("utf8"),
          key: m.key === null ? null : m.key.toString("utf8"),
          header: (name) => headerOf(m.headers, name),
          timestamp: Number(m.timestamp),
        };
        tallyResult(tally, `${m.partition}:${m.offset}`, sources.mappers.get(kind)!(record));
      });
    }
    for (const line of formatCheckReport(tallies)) console.log(line);
    const failed = tallies.reduce((n, t) => n + t.failed, 0);
    const read = tallies.reduce((n, t) => n + t.read, 0);
    console.log(
      failed > 0
        ? `[sources] ${failed} of ${read} records would be dead-lettered`
        : `[sources] ${read} records checked: all map`,
    );
    return failed > 0 ? 1 : 0;
  },
);

type Message = {
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers?: RecordHeaders;
  timestamp: string;
};

/** Reads up to `n` records of `topic` from the start of its partitions (fewer if it has fewer). */
async function readSample(
  kafka: ReturnType<typeof createKafka>,
  topic: string,
  n: number,
  each: (m: Message) => void,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const ends = new Map(offsets.map((o) => [o.partition, Number(o.high)]));
  const pending = new Set(offsets.filter((o) => Number(o.high) > Number(o.low)).map((o) => o.partition));
  if (pending.size === 0) return;
  const consumer = kafka.consumer({ groupId: `lw-sources-check-${randomBytes(4).toString("hex")}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let seen = 0;
  await new Promise<void>((resolve, reject) => {
    consumer
      .run({
        eachMessage: async ({ partition, message }) => {
          if (seen >= n || !pending.has(partition)) return;
          seen++;
          each({ partition, ...message });
          if (Number(message.offset) + 1 >= (ends.get(partition) ?? 0)) pending.delete(partition);
          if (seen >= n || pending.size === 0) resolve();
        },
      })
      .catch(reject);
  });
  await consumer.disconnect();
}
