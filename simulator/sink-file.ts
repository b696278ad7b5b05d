/**
 * Writes messages as ndjson: one message value per line, exactly the bytes a Kafka consumer
 * would receive (chaos lines included). Values never contain a newline: JSON escapes them and
 * chaos strings are built without.
 */
import fs from "node:fs";
import type { TopicRole } from "../core/simulation/wire";
import type { Sink } from "./sink";

/** Creates (truncates) `path` and returns a sink writing to it. */
export function createFileSink(path: string): Sink {
  const stream = fs.createWriteStream(path, { highWaterMark: 1 << 20 });
  const delivered: Record<TopicRole, number> = { orders: 0, downloads: 0, api: 0 };
  let error: Error | null = null;
  stream.on("error", (err) => {
    error ??= err;
  });
  let closed: Promise<void> | null = null;
  return {
    name: `file ${path}`,
    async write(messages) {
      if (error) throw error;
      if (messages.length === 0) return;
      let text = "";
      for (const m of messages) {
        text += `${m.value}\n`;
        delivered[m.topic]++;
      }
      if (!stream.write(text)) {
        await new Promise<void>((resolve) => {
          const done = () => {
            stream.off("drain", done);
            stream.off("error", done);
            resolve();
          };
          stream.on("drain", done);
          stream.on("error", done);
        });
      }
      if (error) throw error;
    },
    close() {
      closed ??= new Promise<void>((resolve, reject) => {
        stream.end(() => (error ? reject(error) : resolve()));
      });
      return closed;
    },
    delivered: () => ({ ...delivered }),
  };
}
