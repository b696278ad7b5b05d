/** Reads the source mapping file (LW_SOURCES_FILE, `npm run sources -- check --file`). */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { ConfigError } from "../core/errors";
import { sourceKinds } from "../core/sources/fields";
import { type ParsedSources, parseSources } from "../core/sources/parse-sources";
import { commaList } from "./env";

/**
 * A list of stream kinds (`orders,api`), as LW_SOURCES_KINDS takes it: the kinds of a mapping
 * one worker runs when the kinds name different consumer groups (core/sources/groups.ts).
 */
export const sourceKindList = commaList.pipe(
  z
    .array(z.enum(sourceKinds, { message: `each kind must be one of ${sourceKinds.join(", ")}` }))
    .min(1, "at least one kind")
    .refine((ks) => new Set(ks).size === ks.length, "a kind is named twice"),
);

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
