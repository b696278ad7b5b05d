/** Reads the source mapping file (LW_SOURCES_FILE, `npm run sources -- check --file`). */
import { readFileSync } from "node:fs";
import { ConfigError } from "../core/errors";
import { type ParsedSources, parseSources } from "../core/sources/parse-sources";

/** @throws ConfigError naming the file (and, for a bad mapping, the line and the field) */
export function loadSourcesFile(path: string): ParsedSources {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new ConfigError(path, `cannot read the sources file: ${(err as Error).message}`);
  }
  return parseSources(text, path);
}
