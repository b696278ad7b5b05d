/**
 * Publishes the shops this web process's clients are viewing to the compacted `watch` topic
 * (key = instance id), on change and every {@link watchRepublishMs} so workers keep counting
 * the entry as live. An empty set is published as a tombstone.
 */
import type { Producer } from "kafkajs";
import type { Logger } from "../../adapters/log";
import { describeError } from "../../core/errors";
import { encodeWatchEntry, watchEntry, watchRepublishMs } from "../../core/live/watch";

export interface WatchPublisher {
  set(shopIds: readonly number[]): void;
  /** Publishes now (used by the timer; exposed for tests). */
  flush(): Promise<void>;
  /** Stops the timer and publishes a tombstone. */
  close(): Promise<void>;
}

export function createWatchPublisher({
  producer,
  topic,
  instance,
  logger,
  clock = Date.now,
  republishMs = watchRepublishMs,
  debounceMs = 100,
}: {
  producer: Producer;
  topic: string;
  instance: string;
  logger: Logger;
  clock?: () => number;
  republishMs?: number;
  debounceMs?: number;
}): WatchPublisher {
  let ids: number[] = [];
  let published: string | null = null;
  let debounce: NodeJS.Timeout | null = null;
  let closed = false;
  let chain: Promise<void> = Promise.resolve();

  const publish = (force: boolean) => {
    chain = chain.then(async () => {
      if (closed && ids.length > 0) return;
      const key = ids.join(",");
      if (!force && key === published) return;
      // Nothing watched and nothing announced: no need to write.
      if (ids.length === 0 && published === null) return;
      const value = ids.length === 0 ? null : encodeWatchEntry(watchEntry(instance, ids, clock()));
      try {
        await producer.send({ topic, messages: [{ key: instance, value }] });
        published = ids.length === 0 ? null : key;
      } catch (err) {
        logger.warn("could not publish watched shops; retrying on the next change or tick", {
          error: describeError(err),
        });
      }
    });
    return chain;
  };

  const timer = setInterval(() => void publish(true), republishMs);
  timer.unref();

  return {
    set(next) {
      ids = [...new Set(next)].sort((a, b) => a - b);
      if (debounce) clearTimeout(debounce);
      debounce = setTimeout(() => void publish(false), debounceMs);
    },
    flush: () => publish(true),
    async close() {
      closed = true;
      clearInterval(timer);
      if (debounce) clearTimeout(debounce);
      if (published !== null || ids.length > 0) {
        ids = [];
        published = "";
        await publish(true);
      }
      await chain;
    },
  };
}
