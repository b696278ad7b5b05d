/**
 * Which existing topics each stream kind of a mapping reads: its names (each must exist) or its
 * pattern (must match at least one). A topic claimed by two kinds is refused: one record would
 * be counted twice.
 */
import type { ConfigError } from "../errors";
import { type SourceKind, sourceKinds } from "./fields";
import type { ParsedSources } from "./parse-sources";

/** Topic -> kind. @throws ConfigError naming the file, the line and the field */
export function resolveSourceTopics(
  sources: ParsedSources,
  existing: readonly string[],
): Map<string, SourceKind> {
  const have = new Set(existing);
  const out = new Map<string, SourceKind>();
  const claim = (topic: string, kind: SourceKind, at: PropertyKey[]): ConfigError | null => {
    const other = out.get(topic);
    if (other && other !== kind) return sources.error(at, `topic "${topic}" is read by ${other} already`);
    out.set(topic, kind);
    return null;
  };
  for (const kind of sourceKinds) {
    const spec = sources.spec[kind];
    if (!spec) continue;
    if (spec.topics) {
      for (const [i, topic] of spec.topics.entries()) {
        if (!have.has(topic)) throw sources.error([kind, "topics", i], `topic "${topic}" does not exist`);
        const err = claim(topic, kind, [kind, "topics", i]);
        if (err) throw err;
      }
    } else if (spec.pattern) {
      const re = new RegExp(`^(?:${spec.pattern})$`);
      const matched = existing.filter((t) => re.test(t) && !t.startsWith("__"));
      if (matched.length === 0) throw sources.error([kind, "pattern"], `no topic matches /${spec.pattern}/`);
      for (const t of matched) {
        const err = claim(t, kind, [kind, "pattern"]);
        if (err) throw err;
      }
    }
  }
  return out;
}
