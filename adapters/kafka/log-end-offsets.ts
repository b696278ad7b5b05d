/**
 * Reads the log end offsets (high watermarks) of topics from the broker every `intervalMs`, for
 * consumer-lag reporting. One ListOffsets request per topic per interval through a kafkajs admin
 * client of its own; a failed read is logged and retried at the next interval.
 */
import type { Kafka } from "kafkajs";
import { describeError } from "../../core/errors";
import type { Logger } from "../log";

export interface LogEndReader {
  stop(): Promise<void>;
}

export async function startLogEndReader({
  kafka,
  topics,
  logger,
  onEnds,
  intervalMs = 1000,
  clock = Date.now,
}: {
  kafka: Kafka;
  topics: readonly string[];
  logger: Logger;
  /** Called with `topic/partition` -> log end offset, and the wall time they were read. */
  onEnds(at: number, ends: Map<string, number>): void;
  /** Default 1 s. */
  intervalMs?: number;
  clock?: () => number;
}): Promise<LogEndReader> {
  const admin = kafka.admin();
  await admin.connect();
  let stopped = false;
  let failing = false;
  const read = async () => {
    const ends = new Map<string, number>();
    for (const topic of topics) {
      for (const p of await admin.fetchTopicOffsets(topic))
        ends.set(`${topic}/${p.partition}`, Number(p.high));
    }
    return ends;
  };
  const loop = (async () => {
    while (!stopped) {
      try {
        const ends = await read();
        if (!stopped) onEnds(clock(), ends);
        failing = false;
      } catch (err) {
        if (!failing)
          logger.warn("log end offsets not read; lag unknown until they are", { error: describeError(err) });
        failing = true;
      }
      await new Promise((r) => setTimeout(r, intervalMs).unref());
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      await admin.disconnect().catch(() => {});
    },
  };
}
