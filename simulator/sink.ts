/** Where the simulator's messages go: a file, Kafka, or both. */
import type { TopicRole, WireMessage } from "../core/simulation/wire";

export interface Sink {
  readonly name: string;
  /** Takes one batch; resolves when the sink can take the next one (backpressure). */
  write(messages: readonly WireMessage[]): Promise<void>;
  /** Delivers everything written so far, then releases connections and files. Idempotent. */
  close(): Promise<void>;
  /** Messages delivered (acknowledged by the broker, or handed to the file) per topic. */
  delivered(): Record<TopicRole, number>;
}
