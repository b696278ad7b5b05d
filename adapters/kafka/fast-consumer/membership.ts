/**
 * The fast consumer's group membership, kept by kafkajs with every topic paused (so kafkajs
 * itself never fetches): assignments taken into the shared state, rebalances and crashes
 * turned into "hand nothing out" until the membership is back, or a stop when it is gone.
 */
import type { Admin, Consumer } from "kafkajs";
import { describeError } from "../../../core/errors";
import type { Logger } from "../../log";
import { trackAssignments } from "../group-assignment";
import { type PartitionHandlers, tpKey } from "../partition-consumer";
import type { ConsumerState } from "./consumer-state";

/** Follows the group's assignments into `s` (sets `s.tracker`); before `consumer.subscribe`. */
export function followGroup(
  s: ConsumerState,
  handlers: PartitionHandlers,
  { consumer, admin, logger, topics }: { consumer: Consumer; admin: Admin; logger: Logger; topics: string[] },
): void {
  s.tracker = trackAssignments({
    consumer,
    admin,
    logger,
    handlers,
    // kafkajs keeps the membership only: with every topic paused it fetches nothing.
    onJoin: () => {
      consumer.pause(topics.map((topic) => ({ topic })));
      s.rebalancing = false;
    },
    apply: (starts) => {
      s.appliedGen = s.tracker?.generation ?? 0;
      s.next.clear();
      s.fetchPos.clear();
      for (const tp of starts) {
        s.next.set(tpKey(tp), tp.offset);
        s.fetchPos.set(tpKey(tp), tp.offset);
      }
      s.owned = starts.map(({ topic, partition }) => ({ topic, partition }));
    },
    onFailure: (err) => {
      s.running = false;
      void consumer.stop().finally(() => handlers.onFatal(err));
    },
  });
  consumer.on(consumer.events.REBALANCING, () => {
    s.rebalancing = true;
  });
  // kafkajs restarts its consumer after retriable failures (then joins again); after any
  // other the membership is gone, and fetching without it would read partitions nobody owns.
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (!s.running) return;
    if (payload.restart) {
      // kafkajs leaves the group and joins again: hand nothing out until it has.
      s.rebalancing = true;
      return;
    }
    logger.error("group membership lost; stopping", { error: describeError(payload.error) });
    s.running = false;
    handlers.onFatal(payload.error);
  });
}
