/**
 * The server's status (feed, Kafka, workers, pipeline, this instance, the server clock), sent to
 * each socket when it connects and to every socket when it changes or at least every
 * `statusEveryMs` (core/live/status-cadence.ts).
 */
import type { KafkaState, ServerStatus } from "../../core/live/socket-events";
import { statusPushDue } from "../../core/live/status-cadence";
import type { LiveHub } from "./hub";
import type { LiveServer } from "./live-io";

export function serverStatusOf({
  hub,
  kafkaState,
  instanceId,
  clock,
}: {
  hub: Pick<LiveHub, "feed">;
  kafkaState(): KafkaState;
  instanceId: string;
  clock: () => number;
}): () => ServerStatus {
  return () => {
    const f = hub.feed();
    return {
      feed: f.state,
      kafka: kafkaState(),
      lastFrameAt: f.lastFrameAt,
      sources: f.sources,
      pipeline: f.pipeline,
      instance: instanceId,
      now: clock(),
    };
  };
}

/** Checks once a second and pushes when due; returns the stop. */
export function startStatusPush(io: LiveServer, status: () => ServerStatus, everyMs: number): () => void {
  let lastKey = "";
  const timer = setInterval(() => {
    const s = status();
    const { key, due } = statusPushDue(lastKey, s, everyMs);
    lastKey = key;
    if (due) io.emit("status", s);
  }, 1000);
  timer.unref();
  return () => clearInterval(timer);
}
