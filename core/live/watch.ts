/**
 * The `watch` topic contract: each web process publishes the shop ids its clients are looking
 * at, so aggregation workers add those shops to `watchedShops` in their frames whatever their
 * load. The topic is compacted; the key is the web instance id, the value one {@link WatchEntry}
 * (a null value, a tombstone, means the instance left). A web process republishes on change and
 * every {@link watchRepublishMs}; workers ignore an entry older than {@link watchMaxAgeMs}, so a
 * process that died without a tombstone stops counting after 30 s.
 */
import { z } from "zod";
import { InvalidInputError } from "../errors";

/** A web process republishes its entry at least this often (ms). */
export const watchRepublishMs = 10_000;
/** Workers treat an entry older than this as gone (ms). */
export const watchMaxAgeMs = 30_000;
/** Upper bound of shop ids in one entry, so one busy web process cannot blow up frames. */
export const maxWatchedShops = 1000;

export const WatchEntrySchema = z.strictObject({
  /** Web instance id; equals the message key. */
  instance: z.string().min(1).max(200),
  /** Distinct shop ids, ascending. */
  shopIds: z.array(z.number().int().nonnegative()).max(maxWatchedShops),
  /** Wall-clock ms when published. */
  at: z.number().int().nonnegative(),
});
export type WatchEntry = z.infer<typeof WatchEntrySchema>;

/** Builds an entry with the ids deduplicated, sorted and capped at {@link maxWatchedShops}. */
export function watchEntry(instance: string, shopIds: Iterable<number>, at: number): WatchEntry {
  const ids = [...new Set(shopIds)].sort((a, b) => a - b).slice(0, maxWatchedShops);
  return WatchEntrySchema.parse({ instance, shopIds: ids, at });
}

export function encodeWatchEntry(entry: WatchEntry): string {
  return JSON.stringify(entry);
}

/**
 * Decodes a message value. Returns null for a tombstone (null or empty value); throws
 * {@link InvalidInputError} for anything that is not a valid entry.
 */
export function decodeWatchEntry(value: Buffer | string | null | undefined): WatchEntry | null {
  if (value === null || value === undefined || value.length === 0) return null;
  let json: unknown;
  try {
    json = JSON.parse(typeof value === "string" ? value : value.toString("utf8"));
  } catch (err) {
    throw new InvalidInputError("watch entry is not JSON", { cause: err });
  }
  const parsed = WatchEntrySchema.safeParse(json);
  if (!parsed.success) {
    throw new InvalidInputError(`invalid watch entry: ${parsed.error.issues[0]?.message ?? "invalid"}`, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}

/** Whether an entry still counts at wall-clock `now` (ms). Default max age {@link watchMaxAgeMs}. */
export function isWatchEntryLive(entry: WatchEntry, now: number, maxAgeMs = watchMaxAgeMs): boolean {
  return now - entry.at <= maxAgeMs;
}

/** The union of shop ids over the entries that are still live at `now`. */
export function liveWatchedShops(
  entries: Iterable<WatchEntry>,
  now: number,
  maxAgeMs = watchMaxAgeMs,
): Set<number> {
  const ids = new Set<number>();
  for (const e of entries) if (isWatchEntryLive(e, now, maxAgeMs)) for (const id of e.shopIds) ids.add(id);
  return ids;
}
