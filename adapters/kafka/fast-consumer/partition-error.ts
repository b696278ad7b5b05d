/**
 * What the fast consumer does when a partition's fetch answers with an error: out of range
 * restarts at the log start (retention removed what this group never read) but stops on a
 * position past the log end (a recreated topic); leader and metadata errors refresh the
 * metadata and retry; anything else stops the worker with the error's name.
 */
import type { Admin } from "kafkajs";
import { LaunchwatchError } from "../../../core/errors";
import type { Logger } from "../../log";
import { isRetriableCode, kafkaErrorName } from "../wire/errors";
import type { Fetched } from "./fetch-round";

/** Codes after which the leader or the metadata must be looked up again. */
const metadataCodes = new Set([3, 5, 6, 9, 56, 74, 75]);
const OFFSET_OUT_OF_RANGE = 1;

export interface PartitionErrorContext {
  admin: Admin;
  logger: Logger;
  /** Next offset to hand out and to fetch, per partition (both moved to the log start). */
  next: Map<string, number>;
  fetchPos: Map<string, number>;
  /** Is generation `gen` still the assignment being consumed. */
  current(gen: number): boolean;
  refreshMetadata(): Promise<void>;
}

/** Fixes what can be fixed; throws what must stop the worker. */
export async function handlePartitionError(
  f: Fetched,
  gen: number,
  ctx: PartitionErrorContext,
): Promise<void> {
  const { admin, logger, next, fetchPos } = ctx;
  const name = `${kafkaErrorName(f.errorCode)} (${f.errorCode})`;
  if (f.errorCode === OFFSET_OUT_OF_RANGE) {
    const bounds = (await admin.fetchTopicOffsets(f.tp.topic)).find((b) => b.partition === f.tp.partition);
    if (!ctx.current(gen)) return; // a new assignment chose anew
    const low = Number(bounds?.low ?? 0);
    const high = Number(bounds?.high ?? 0);
    const at = fetchPos.get(f.key) ?? 0;
    if (at > high) {
      // Stored positions ahead of the log: the topic was recreated or truncated. Starting
      // over would count the new log's events under offsets already stored; stop and say so.
      throw new LaunchwatchError(
        `${f.tp.topic}[${f.tp.partition}]: position ${at} is past the log end ${high} (topic recreated or truncated?); ` +
          "the stored positions of this consumer group no longer match the log",
      );
    }
    // Below the log start: retention removed events this group never read.
    logger.warn("fetch offset below the log start; continuing there", {
      topic: f.tp.topic,
      partition: f.tp.partition,
      from: at,
      low,
    });
    next.set(f.key, low);
    fetchPos.set(f.key, low);
    return;
  }
  if (metadataCodes.has(f.errorCode) || isRetriableCode(f.errorCode)) {
    logger.warn("fetch failed; refreshing metadata", {
      topic: f.tp.topic,
      partition: f.tp.partition,
      error: name,
    });
    await ctx.refreshMetadata();
    await new Promise((r) => setTimeout(r, 200));
    return;
  }
  throw new LaunchwatchError(`fetch from ${f.tp.topic}[${f.tp.partition}] failed: ${name}`);
}
