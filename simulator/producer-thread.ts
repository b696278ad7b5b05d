/** Worker-thread side of a producer lane: connects a producer, sends what the sink posts. */
import { parentPort, workerData } from "node:worker_threads";
import { createKafka } from "../adapters/kafka/client";
import { describeError } from "../core/errors";
import type { TopicRole } from "../core/simulation/wire";
import type { PackedBatch } from "./pack";
import { type Acks, createLaneProducer, type LaneReply, sendPacked } from "./producer-lane";

interface ThreadData {
  brokers: string[];
  topics: Record<TopicRole, string>;
  acks: Acks;
  clientId: string;
}

type Request = { type: "batch"; id: number; batch: PackedBatch } | { type: "close" };

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error("producer-thread.ts must run in a worker thread");
  const { brokers, topics, acks, clientId } = workerData as ThreadData;
  const post = (reply: LaneReply) => port.postMessage(reply);
  const producer = createLaneProducer(createKafka({ brokers, clientId }));
  try {
    await producer.connect();
  } catch (err) {
    post({ type: "fatal", message: describeError(err) });
    return;
  }
  post({ type: "ready" });
  const inFlight = new Set<Promise<void>>();
  port.on("message", (req: Request) => {
    if (req.type === "batch") {
      const p = sendPacked(producer, topics, acks, req.batch)
        .then(() => post({ type: "done", id: req.id }))
        .catch((err: unknown) => post({ type: "failed", id: req.id, message: describeError(err) }))
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
    } else {
      Promise.all(inFlight)
        .then(() => producer.disconnect())
        .catch(() => {})
        .finally(() => {
          post({ type: "closed" });
          port.close();
        });
    }
  });
}

void main();
