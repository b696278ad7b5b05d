/**
 * Which consumer group each stream kind of a mapping is read under, and which kinds one worker
 * runs. A worker process is one member of one consumer group, so when the kinds name different
 * groups each worker must be told its kinds (LW_SOURCES_KINDS), and the kinds it is told must
 * be all the kinds of exactly one group:
 * - two groups in one process would need two members, two ledgers, two fencing domains;
 * - a worker running only some kinds of a group would join it with fewer topics than its other
 *   members, and kafkajs' round-robin assigner deals every topic of the group to every member
 *   whatever it subscribed to, so it would be handed partitions it has no decoder for.
 * Pure: the file is already parsed; errors name the setting, the file and the line.
 */
import { ConfigError } from "../errors";
import { type SourceKind, sourceKinds } from "./fields";
import type { ParsedSources } from "./parse-sources";

export interface KindGroup {
  kind: SourceKind;
  /** The consumer group; undefined when neither the file nor a default names one. */
  group: string | undefined;
  /** Where the group comes from: the kind's own `group`, the file's, or the default setting. */
  from: "kind" | "file" | "default";
  /** Line of the `group` that applies (the kind's section when the group is the default). */
  line: number;
}

/** The groups of the kinds the file maps, in file-format order (orders, api, downloads). */
export function kindGroups(sources: ParsedSources, fallback?: string): KindGroup[] {
  const { spec } = sources;
  const out: KindGroup[] = [];
  for (const kind of sourceKinds) {
    const k = spec[kind];
    if (!k) continue;
    if (k.group !== undefined)
      out.push({ kind, group: k.group, from: "kind", line: sources.lineOf([kind, "group"]) });
    else if (spec.group !== undefined)
      out.push({ kind, group: spec.group, from: "file", line: sources.lineOf(["group"]) });
    else out.push({ kind, group: fallback, from: "default", line: sources.lineOf([kind]) });
  }
  return out;
}

export interface KindSelection {
  /** The consumer group the worker joins. */
  group: string | undefined;
  /** The kinds it reads (all kinds of that group). */
  kinds: SourceKind[];
}

/**
 * The kinds a worker runs and their group.
 * @param selection the kinds the worker was told to run (undefined: all of them)
 * @param setting the setting that carries the selection, for messages (`LW_SOURCES_KINDS`)
 * @param fallback the group of kinds that name none (LW_WORKER_GROUP)
 * @throws ConfigError naming `setting`, the file and the line: groups differ and nothing is
 *   selected, a selected kind is not in the file, the selection spans two groups, or it leaves
 *   out a kind of its group
 */
export function selectKinds(
  sources: ParsedSources,
  selection: readonly SourceKind[] | undefined,
  { setting, fallback }: { setting: string; fallback?: string },
): KindSelection {
  const groups = kindGroups(sources, fallback);
  const at = (g: KindGroup) => `${sources.file}:${g.line}`;
  const describe = (g: KindGroup) =>
    `${g.kind} (${at(g)}) reads group ${g.group === undefined ? "(default)" : JSON.stringify(g.group)}`;
  if (selection === undefined) {
    const first = groups[0]!;
    const other = groups.find((g) => g.group !== first.group);
    if (other)
      throw new ConfigError(
        setting,
        `${describe(first)} and ${describe(other)}: a worker consumes one group; set ${setting} to the kinds of one (${groupList(groups)})`,
      );
    return { group: first.group, kinds: groups.map((g) => g.kind) };
  }
  const picked: KindGroup[] = [];
  for (const kind of selection) {
    const g = groups.find((x) => x.kind === kind);
    if (!g)
      throw new ConfigError(
        setting,
        `${sources.file}:1: ${kind} is not in the file (it maps ${groups.map((x) => x.kind).join(", ")})`,
      );
    picked.push(g);
  }
  const first = picked[0]!;
  const other = picked.find((g) => g.group !== first.group);
  if (other)
    throw new ConfigError(
      setting,
      `${describe(first)} and ${describe(other)}: a worker consumes one group; run them in separate workers (${groupList(groups)})`,
    );
  const left = groups.find((g) => g.group === first.group && !selection.includes(g.kind));
  if (left)
    throw new ConfigError(
      setting,
      `${describe(left)} too: the workers of one group read all its kinds; add ${left.kind} (${groupList(groups)})`,
    );
  return { group: first.group, kinds: groups.filter((g) => selection.includes(g.kind)).map((g) => g.kind) };
}

/** `orders,api: "lw-a"; downloads: "lw-d"`: what each worker could be told. */
function groupList(groups: readonly KindGroup[]): string {
  const by = new Map<string | undefined, SourceKind[]>();
  for (const g of groups) by.set(g.group, [...(by.get(g.group) ?? []), g.kind]);
  return [...by]
    .map(
      ([group, kinds]) => `${kinds.join(",")}: ${group === undefined ? "(default)" : JSON.stringify(group)}`,
    )
    .join("; ");
}
