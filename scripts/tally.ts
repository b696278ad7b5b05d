/**
 * `npm run tally -- [--group lw-aggregator] [--stream live] [--summary FILE]`: the books of a
 * stream, per kind of event. Every message the workers read is counted, late, a duplicate or
 * dead-lettered; the table shows that they add up, that the workers have read everything in the
 * topics and, with a simulator summary (the JSON line `npm run simulate` prints last), that
 * everything sent arrived. Exits 0 when the books balance, 1 with one line per problem when not.
 */
import fs from "node:fs";
import { pathToFileURL } from "node:url";
import { z } from "zod";
import { loadStoredBooks } from "../adapters/db/tally-store";
import { createKafka } from "../adapters/kafka/client";
import { topicNames } from "../adapters/kafka/topics";
import { runCommand } from "../config/cli";
import { baseEnvShape, kafkaConnection, readConfig } from "../config/env";
import { zeroCounters } from "../core/aggregation/series";
import { type Tally, type TallyKind, tally, tallyKinds } from "../core/aggregation/tally";
import { describeError, LaunchwatchError } from "../core/errors";

const SummarySchema = z.object({
  sent: z.object({ orders: z.number().int(), downloads: z.number().int(), api: z.number().int() }),
});

/** Reads the last JSON line of a simulator's output (or a file holding just the summary). */
export function readSummary(file: string): Record<TallyKind, number> {
  const lines = fs.readFileSync(file, "utf8").trim().split("\n");
  for (const line of lines.reverse()) {
    try {
      const parsed = SummarySchema.safeParse(JSON.parse(line));
      if (parsed.success) return parsed.data.sent;
    } catch {
      // not JSON: a progress line
    }
  }
  throw new LaunchwatchError(`${file}: no simulator summary (a JSON line with "sent") found`);
}

export const tallyEnvShape = {
  ...baseEnvShape,
  LW_WORKER_GROUP: z.string().min(1).default("lw-aggregator"),
  LW_STREAM: z.string().min(1).max(64).default("live"),
} as const;
export type TallyConfig = z.infer<z.ZodObject<typeof tallyEnvShape>>;

export async function tallyStream(opts: {
  config: TallyConfig;
  group: string;
  stream: string;
  sent?: Record<TallyKind, number>;
  /** Topic sizes when the sender began (see {@link topicSizes}). */
  sentSince?: Record<TallyKind, number>;
}): Promise<Tally> {
  const { config } = opts;
  const { brokers, security } = kafkaConnection(config);
  const topics = topicNames(config.LW_TOPIC_PREFIX);
  const books = await loadStoredBooks(config.DATABASE_URL, opts.group, opts.stream);
  const admin = createKafka({ brokers, security, clientId: "lw-tally" }).admin();
  await admin.connect();
  try {
    const read = { orders: 0, downloads: 0, api: 0 };
    const inTopic = { orders: 0, downloads: 0, api: 0 };
    for (const kind of tallyKinds) {
      const topic = topics[kind];
      const next = books.next.get(topic) ?? new Map<number, number>();
      for (const p of await admin.fetchTopicOffsets(topic)) {
        const low = Number(p.low);
        inTopic[kind] += Number(p.high) - low;
        read[kind] += Math.max(0, (next.get(p.partition) ?? low) - low);
      }
    }
    const counters = {
      orders: books.counters.get(topics.orders) ?? zeroCounters(),
      downloads: books.counters.get(topics.downloads) ?? zeroCounters(),
      api: books.counters.get(topics.api) ?? zeroCounters(),
    };
    return tally({
      read,
      counted: books.counted,
      counters,
      inTopic,
      sent: opts.sent,
      sentSince: opts.sentSince,
    });
  } finally {
    await admin.disconnect();
  }
}

/** Messages in each kind's topic now (log end minus log start), to compare a later run with. */
export async function topicSizes(config: TallyConfig): Promise<Record<TallyKind, number>> {
  const { brokers, security } = kafkaConnection(config);
  const topics = topicNames(config.LW_TOPIC_PREFIX);
  const admin = createKafka({ brokers, security, clientId: "lw-tally" }).admin();
  await admin.connect();
  try {
    const sizes = { orders: 0, downloads: 0, api: 0 };
    for (const kind of tallyKinds) {
      for (const p of await admin.fetchTopicOffsets(topics[kind]))
        sizes[kind] += Number(p.high) - Number(p.low);
    }
    return sizes;
  } finally {
    await admin.disconnect();
  }
}

export function formatTally(t: Tally): string {
  const head = [
    "kind",
    "sent",
    "in topic",
    "read",
    "counted",
    "late",
    "duplicates",
    "dead-lettered",
    "unaccounted",
  ];
  const rows = t.rows.map((r) => [
    r.kind,
    r.sent === null ? "-" : String(r.sent),
    String(r.inTopic),
    String(r.read),
    String(r.counted),
    String(r.late),
    String(r.duplicates),
    String(r.deadLettered),
    String(r.unaccounted),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [
    fmt(head),
    ...rows.map(fmt),
    t.balanced
      ? "balanced: counted + late + duplicates + dead-lettered = read = in topic" +
        (t.rows[0]!.sent === null ? "" : " = sent")
      : t.problems.join("\n"),
  ].join("\n");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  void runCommand(
    {
      name: "tally",
      synopsis: "[--group lw-aggregator] [--stream live] [--summary FILE]",
      description:
        "The books of a stream per kind of event: counted + late + duplicates + dead-lettered = read =\n" +
        "in topic (= sent, with a simulator summary). Exits 0 when they balance, 1 with the problems.",
      flags: {
        group: { type: "string", value: "G", help: "the workers' consumer group (default $LW_WORKER_GROUP)" },
        stream: { type: "string", value: "S", help: "the aggregate stream (default $LW_STREAM)" },
        summary: {
          type: "string",
          value: "FILE",
          help: "the simulator's output; its summary's \"sent\" is checked too",
        },
      },
      env: tallyEnvShape,
    },
    async ({ flags }) => {
      const config = readConfig(tallyEnvShape);
      const t = await tallyStream({
        config,
        group: flags.group ?? config.LW_WORKER_GROUP,
        stream: flags.stream ?? config.LW_STREAM,
        sent: flags.summary ? readSummary(flags.summary) : undefined,
      });
      console.log(formatTally(t));
      return t.balanced ? 0 : 1;
    },
  );
}
