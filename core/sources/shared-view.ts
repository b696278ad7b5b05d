/**
 * Whether a worker of one consumer group would publish into a live view that another group's
 * workers publish to. The web and the notifier combine every frame of a frames topic at the
 * oldest worker's event time; a worker whose kinds all pause stays at its last event, so across
 * groups a pause in one feed would hold the whole view there (docs/SOURCES.md, "Consumer
 * groups"). Until that is solved, kinds on different groups run as deployments of their own,
 * and a worker refuses to join a frames topic where a recent frame comes from a worker reading
 * topics its group does not. Pure: the frames are read by the caller.
 */
import { z } from "zod";

/** The little of a frame this needs; the rest is not looked at (nor validated) here. */
export const FrameSightingSchema = z.object({
  source: z.string(),
  emittedAt: z.number(),
  pipeline: z.object({ partitions: z.array(z.object({ topic: z.string() })) }).optional(),
});
export type FrameSighting = z.infer<typeof FrameSightingSchema>;

export interface ForeignFrame {
  source: string;
  /** A topic that worker reads and this group does not. */
  topic: string;
  emittedAt: number;
}

/**
 * The newest recent frame of a worker reading a topic outside `ownTopics`, or null.
 * @param withinMs frames emitted longer ago than this (wall clock) are from workers gone
 */
export function foreignFrame(
  frames: readonly FrameSighting[],
  { ownTopics, now, withinMs }: { ownTopics: ReadonlySet<string>; now: number; withinMs: number },
): ForeignFrame | null {
  let found: ForeignFrame | null = null;
  for (const f of frames) {
    if (now - f.emittedAt > withinMs || (found && found.emittedAt >= f.emittedAt)) continue;
    const topic = f.pipeline?.partitions.find((p) => !ownTopics.has(p.topic))?.topic;
    if (topic !== undefined) found = { source: f.source, topic, emittedAt: f.emittedAt };
  }
  return found;
}
