/**
 * Parses a YAML configuration file (rules, notification policy) against a Zod schema. Errors name
 * the file and the path of the bad field, e.g. `alerting.yaml: route.routes[1].receiver: unknown
 * receiver "pager"`, so the operator knows exactly what to fix.
 */
import { parseDocument } from "yaml";
import type { z } from "zod";
import { ConfigError } from "../errors";

/** `["rules", 3, "for"]` -> `rules[3].for`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else out += out === "" ? String(p) : `.${String(p)}`;
  }
  return out || "(root)";
}

/**
 * Parses `text` (the contents of `file`) as YAML and validates it with `schema`.
 * @throws ConfigError naming `file`, the field path and the reason
 */
export function parseYamlConfig<S extends z.ZodType>(schema: S, text: string, file: string): z.output<S> {
  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const at = e.linePos?.[0] ? ` (line ${e.linePos[0].line}, column ${e.linePos[0].col})` : "";
    throw new ConfigError(file, `not valid YAML${at}: ${e.message}`);
  }
  const parsed = schema.safeParse(doc.toJS());
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(file, `${formatPath(issue.path)}: ${issue.message}`);
  }
  return parsed.data;
}
