/**
 * At the start of a worker whose mapping names several consumer groups: refuses to publish into a
 * frames topic where another group's workers publish (core/sources/shared-view.ts says why). It
 * reads the topic's last frames once; two groups started at the same moment are not caught, one
 * restarted later is.
 */
import type { Kafka } from "kafkajs";
import { readRecentMessages } from "../../adapters/kafka/recent-messages";
import { ConfigError } from "../../core/errors";
import type { SourceKind } from "../../core/sources/fields";
import type { KindGroup } from "../../core/sources/groups";
import { type FrameSighting, FrameSightingSchema, foreignFrame } from "../../core/sources/shared-view";

/** Frames older than this (wall clock) are from workers gone. */
const recentMs = 30_000;

/** @throws ConfigError naming LW_TOPIC_PREFIX and the file and line of this worker's group */
export async function refuseSharedView(
  kafka: Kafka,
  sources: {
    parsed: { file: string };
    /** Every kind of the file with its group. */
    groups: readonly KindGroup[];
    /** The group this worker joins, and its topics. */
    group: string | undefined;
    kinds: ReadonlyMap<string, SourceKind>;
  },
  { framesTopic, clock = Date.now }: { framesTopic: string; clock?: () => number },
): Promise<void> {
  if (new Set(sources.groups.map((g) => g.group)).size < 2) return;
  const frames: FrameSighting[] = [];
  // A group under the worker's own (as its watch follower's), which its group ACLs grant.
  const groupPrefix = `${sources.group ?? "lw"}-peek`;
  for (const m of await readRecentMessages(kafka, framesTopic, { groupPrefix })) {
    try {
      const f = FrameSightingSchema.safeParse(JSON.parse(m.value?.toString("utf8") ?? "null"));
      if (f.success) frames.push(f.data);
    } catch {
      // Not a frame: not this check's business (the web and the notifier count those).
    }
  }
  const now = clock();
  const found = foreignFrame(frames, { ownTopics: new Set(sources.kinds.keys()), now, withinMs: recentMs });
  if (!found) return;
  const mine = sources.groups.find((g) => g.group === sources.group)!;
  throw new ConfigError(
    "LW_TOPIC_PREFIX",
    `${sources.parsed.file}:${mine.line}: group ${JSON.stringify(sources.group)} would publish to ${framesTopic}, where worker ${found.source} published a frame ${Math.round((now - found.emittedAt) / 1000)} s ago reading ${found.topic}, not a topic of this group: one live view over several groups is not supported yet; run each group as a deployment of its own: its own LW_TOPIC_PREFIX and DATABASE_URL (docs/SOURCES.md, "Consumer groups")`,
  );
}
