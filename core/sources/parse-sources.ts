/**
 * Parses the text of a sources file: YAML with line positions, then the Zod schema (spec.ts).
 * Errors name the file, the line and the field (`sources.yaml:14: orders.fields.status.map.PAID:
 * "PAID" maps to "paid", not one of created, accepted, made, failed`); the parsed file keeps a
 * way to find a field's line for checks made later (a topic that does not exist).
 */
import { isMap, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import { formatPath } from "../alerts/yaml-config";
import { ConfigError } from "../errors";
import { type SourcesFile, SourcesFileSchema } from "./spec";

export interface ParsedSources {
  file: string;
  spec: SourcesFile;
  /** Line (1-based) of the field at `path`, or of its nearest parent in the file. */
  lineOf(path: ReadonlyArray<PropertyKey>): number;
  /** A ConfigError naming the file, the field's line and the field. */
  error(path: ReadonlyArray<PropertyKey>, message: string): ConfigError;
}

export function parseSources(text: string, file: string): ParsedSources {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    throw new ConfigError(`${file}:${e.linePos?.[0]?.line ?? 1}`, `not valid YAML: ${e.message}`);
  }
  const lineOf = (path: ReadonlyArray<PropertyKey>): number => {
    let node: unknown = doc.contents;
    let offset = (doc.contents as Node | null)?.range?.[0] ?? 0;
    for (const seg of path) {
      if (isMap(node)) {
        const pair = node.items.find(
          (p) => String((p.key as { value?: unknown })?.value ?? p.key) === String(seg),
        );
        if (!pair) break;
        offset = (pair.key as Node | null)?.range?.[0] ?? offset;
        node = pair.value;
      } else if (isSeq(node) && typeof seg === "number") {
        const item = node.items[seg] as Node | undefined;
        if (!item) break;
        offset = item.range?.[0] ?? offset;
        node = item;
      } else break;
    }
    return lines.linePos(offset).line;
  };
  const error = (path: ReadonlyArray<PropertyKey>, message: string) =>
    new ConfigError(`${file}:${lineOf(path)}`, `${formatPath(path)}: ${message}`);
  const parsed = SourcesFileSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw error(issue.path, issue.message);
  }
  return { file, spec: parsed.data, lineOf, error };
}
