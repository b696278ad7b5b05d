/** Worker-thread side of a producer lane: connects a sender, sends what the sink posts. */
import { parentPort, workerData } from "node:worker_threads";
import type { KafkaSecurity } from "../adapters/kafka/security";
import { describeError } from "../core/errors";
import type { TopicRole } from "../core/simulation/wire";
import { connectLaneSender } from "./connect-lane-sender";
import type { Acks, KafkaClientKind, LaneSender } from "./lane-sender";
import type { PackedBatch } from "./pack";
import type { LaneReply } from "./producer-lane";

interface ThreadData {
  brokers: string[];
  security?: KafkaSecurity;
  topics: Record<TopicRole, string>;
  client: KafkaClientKind;
  acks: Acks;
  clientId: string;
}

type Request = { type: "batch"; id: number; batch: PackedBatch } | { type: "close" };

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error("producer-thread.ts must run in a worker thread");
  const { brokers, security, topics, client, acks, clientId } = workerData as ThreadData;
  const post = (reply: LaneReply) => port.postMessage(reply);
  let sender: LaneSender;
  try {
    sender = await connectLaneSender(client, { brokers, security, topics, acks, clientId });
  } catch (err) {
    post({ type: "fatal", message: describeError(err) });
    return;
  }
  post({ type: "ready" });
  const inFlight = new Set<Promise<void>>();
  port.on("message", (req: Request) => {
    if (req.type === "batch") {
      const p = sender
        .send(req.batch)
        .then(() => post({ type: "done", id: req.id }))
        .catch((err: unknown) => post({ type: "failed", id: req.id, message: describeError(err) }))
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
    } else {
      Promise.all(inFlight)
        .then(() => sender.close())
        .catch(() => {})
        .finally(() => {
          post({ type: "closed" });
          port.close();
        });
    }
  });
}

void main();
