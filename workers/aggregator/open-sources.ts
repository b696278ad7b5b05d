/**
 * Opens a source mapping file for reading (the worker with LW_SOURCES_FILE, `npm run sources --
 * check`): validates it, picks the kinds this process runs and their consumer group
 * (core/sources/groups.ts), resolves the topics against the broker (a topic that does not exist
 * stops the process with the file, line and field), loads the shops it names, and compiles one
 * decoder per topic of the kinds it runs.
 */
import type { Kafka } from "kafkajs";
import { loadShopIdentities } from "../../adapters/db/shop-identities";
import { type BatchDecoder, mappedDecoder } from "../../adapters/kafka/mapped-decoder";
import { loadSourcesFile } from "../../config/sources-file";
import type { SourceKind } from "../../core/sources/fields";
import { type KindGroup, kindGroups, selectKinds } from "../../core/sources/groups";
import { compileMapper, type RecordMapper } from "../../core/sources/mapper";
import type { ParsedSources } from "../../core/sources/parse-sources";
import { resolveSourceTopics } from "../../core/sources/topics";
import type { WorkerConfig } from "./config";
import { refuseSharedView } from "./shared-view-check";

export interface OpenedSources {
  parsed: ParsedSources;
  /**
   * The consumer group of the kinds opened (with `select`: the one group they share; without:
   * the file's `group`), undefined when the file names none and no fallback was given.
   */
  group: string | undefined;
  /** Every kind of the file with its group, opened or not. */
  groups: KindGroup[];
  /** Topic -> kind, of the kinds opened. */
  kinds: Map<string, SourceKind>;
  mappers: Map<SourceKind, RecordMapper>;
  /** Topic -> decoder, for the worker. */
  decoders: Map<string, BatchDecoder>;
}

export interface OpenSourcesDeps {
  kafka: Kafka;
  databaseUrl: string;
  /** The group of kinds that name none (LW_WORKER_GROUP). */
  fallbackGroup?: string;
  /**
   * A worker: open only the kinds of one group, those of `kinds` (undefined: all, refused when
   * their groups differ), naming `setting` when refused. Without it (the check): every kind.
   */
  select?: { kinds: readonly SourceKind[] | undefined; setting: string };
}

export async function openSources(file: string, deps: OpenSourcesDeps): Promise<OpenedSources> {
  const parsed = loadSourcesFile(file);
  const groups = kindGroups(parsed, deps.fallbackGroup);
  // Refused before any connection: it is a configuration error, whatever the broker holds.
  const selection = deps.select
    ? selectKinds(parsed, deps.select.kinds, { setting: deps.select.setting, fallback: deps.fallbackGroup })
    : null;
  const admin = deps.kafka.admin();
  await admin.connect();
  let existing: string[];
  try {
    existing = await admin.listTopics();
  } finally {
    await admin.disconnect();
  }
  // Every kind's topics are resolved, the ones not run here too: a topic two kinds claim would
  // be counted twice even when two groups read it, and a missing one is better named now.
  const kinds = resolveSourceTopics(parsed, existing);
  if (selection) for (const [topic, kind] of kinds) if (!selection.kinds.includes(kind)) kinds.delete(topic);
  const shops = await loadShopIdentities(deps.databaseUrl);
  const mappers = new Map<SourceKind, RecordMapper>();
  for (const kind of new Set(kinds.values())) mappers.set(kind, compileMapper(parsed.spec, kind, shops));
  const decoders = new Map<string, BatchDecoder>();
  for (const [topic, kind] of kinds) decoders.set(topic, mappedDecoder(kind, mappers.get(kind)!));
  const group = selection ? selection.group : (parsed.spec.group ?? deps.fallbackGroup);
  return { parsed, group, groups, kinds, mappers, decoders };
}

/**
 * The worker's mapping (LW_SOURCES_FILE), the kinds LW_SOURCES_KINDS selects and their group;
 * null without a file (the native topics). With kinds on several groups, refused when another
 * group's workers publish to the same frames topic (shared-view-check.ts).
 */
export async function openWorkerSources(
  kafka: Kafka,
  config: Pick<WorkerConfig, "LW_SOURCES_FILE" | "LW_SOURCES_KINDS" | "LW_WORKER_GROUP" | "DATABASE_URL">,
  framesTopic: string,
): Promise<OpenedSources | null> {
  if (!config.LW_SOURCES_FILE) return null;
  const sources = await openSources(config.LW_SOURCES_FILE, {
    kafka,
    databaseUrl: config.DATABASE_URL,
    fallbackGroup: config.LW_WORKER_GROUP,
    select: { kinds: config.LW_SOURCES_KINDS, setting: "LW_SOURCES_KINDS" },
  });
  await refuseSharedView(kafka, sources, { framesTopic });
  return sources;
}
