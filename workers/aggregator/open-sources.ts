/**
 * Opens a source mapping file for reading (the worker with LW_SOURCES_FILE, `npm run sources --
 * check`): validates it, resolves its topics against the broker (a topic that does not exist
 * stops the process with the file, line and field), loads the shops it names, and compiles one
 * decoder per topic.
 */
import type { Kafka } from "kafkajs";
import { loadShopIdentities } from "../../adapters/db/shop-identities";
import { type BatchDecoder, mappedDecoder } from "../../adapters/kafka/mapped-decoder";
import { loadSourcesFile } from "../../config/sources-file";
import type { SourceKind } from "../../core/sources/fields";
import { compileMapper, type RecordMapper } from "../../core/sources/mapper";
import type { ParsedSources } from "../../core/sources/parse-sources";
import { resolveSourceTopics } from "../../core/sources/topics";

export interface OpenedSources {
  parsed: ParsedSources;
  /** The file's consumer group, if it names one. */
  group: string | undefined;
  /** Topic -> kind. */
  kinds: Map<string, SourceKind>;
  mappers: Map<SourceKind, RecordMapper>;
  /** Topic -> decoder, for the worker. */
  decoders: Map<string, BatchDecoder>;
}

export async function openSources(
  file: string,
  deps: { kafka: Kafka; databaseUrl: string },
): Promise<OpenedSources> {
  const parsed = loadSourcesFile(file);
  const admin = deps.kafka.admin();
  await admin.connect();
  let existing: string[];
  try {
    existing = await admin.listTopics();
  } finally {
    await admin.disconnect();
  }
  const kinds = resolveSourceTopics(parsed, existing);
  const shops = await loadShopIdentities(deps.databaseUrl);
  const mappers = new Map<SourceKind, RecordMapper>();
  for (const kind of new Set(kinds.values())) mappers.set(kind, compileMapper(parsed.spec, kind, shops));
  const decoders = new Map<string, BatchDecoder>();
  for (const [topic, kind] of kinds) decoders.set(topic, mappedDecoder(kind, mappers.get(kind)!));
  return { parsed, group: parsed.spec.group, kinds, mappers, decoders };
}
