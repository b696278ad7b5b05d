/**
 * Hands one partition's fetched data to the caller: never an offset twice within an assignment
 * (records before the partition's next offset are dropped), and batches that could not be read
 * reported in offset order with the records around them (the worker dead-letters a marker for
 * each; they are not fatal).
 */
import type { Logger } from "../../log";
import type { PartitionHandlers } from "../partition-consumer";
import { dropBefore, splitBefore } from "../source-batch";
import type { Fetched } from "./fetch-round";

/**
 * Hands out `f` from offset `from`; returns the offset after the last one handed out (`from`
 * when nothing was). Stops between parts when `current()` turns false (a new assignment).
 */
export async function handOut(
  f: Fetched,
  from: number,
  handlers: PartitionHandlers,
  current: () => boolean,
  logger: Logger,
): Promise<number> {
  let batch = f.batch && dropBefore(f.batch, from);
  let handed = from;
  for (const u of f.unreadable ?? []) {
    if (u.lastOffset < from) continue;
    if (batch) {
      const [before, after] = splitBefore(batch, u.firstOffset);
      batch = after;
      if (before) {
        await handlers.onBatch(f.tp, before, false);
        if (!current()) break;
        handed = before.offsets[before.count - 1]! + 1;
      }
    }
    const skipped = { ...u, firstOffset: Math.max(u.firstOffset, from) };
    logger.error("unreadable record batch skipped", { ...f.tp, ...skipped });
    handlers.onUnreadable(f.tp, skipped);
    handed = Math.max(handed, u.lastOffset + 1);
  }
  if (batch && current()) {
    await handlers.onBatch(f.tp, batch, f.caughtUp);
    handed = Math.max(handed, batch.offsets[batch.count - 1]! + 1);
  }
  return handed;
}
