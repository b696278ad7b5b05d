/** Connects a producer lane's sender of the kind asked for (lane-sender.ts is the seam). */
import type { KafkaClientKind, LaneSender, SenderOptions } from "./lane-sender";
import { connectFastSender } from "./sender-fast";
import { connectKafkajsSender } from "./sender-kafkajs";

/** Connects a sender of the given kind. */
export function connectLaneSender(kind: KafkaClientKind, options: SenderOptions): Promise<LaneSender> {
  return kind === "fast" ? connectFastSender(options) : connectKafkajsSender(options);
}
