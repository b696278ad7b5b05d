/**
 * The worker bench's mapped path (issue 17): the same events in the example company's shape
 * (core/simulation/foreign.ts) on topics of their own, read through the shipped example mapping
 * (`sources.example.yaml`). Shops are looked up by store code in a directory built from the
 * generated reference data, as the worker's would be from `shops.external_id`.
 */
import { readFileSync } from "node:fs";
import { type BatchDecoder, mappedDecoder } from "../../adapters/kafka/mapped-decoder";
import { topicNames } from "../../adapters/kafka/topics";
import type { ReferenceData } from "../../core/reference";
import { foreignShopDirectory } from "../../core/simulation/foreign";
import { sourceKinds } from "../../core/sources/fields";
import { compileMapper } from "../../core/sources/mapper";
import { parseSources } from "../../core/sources/parse-sources";

/** Where the foreign copy of a bench run's events goes. */
export const foreignPrefix = (prefix: string): string => `${prefix}acme.`;

export function mappedDecoders(prefix: string, ref: ReferenceData): Map<string, BatchDecoder> {
  const t = topicNames(foreignPrefix(prefix));
  const text = readFileSync(new URL("../../sources.example.yaml", import.meta.url), "utf8")
    .replace("[acme.orders]", `[${t.orders}]`)
    .replace("[acme.api]", `[${t.api}]`)
    .replace("[acme.downloads]", `[${t.downloads}]`);
  const spec = parseSources(text, "sources.example.yaml").spec;
  const shops = foreignShopDirectory(ref);
  const topicOf = { orders: t.orders, api: t.api, downloads: t.downloads };
  return new Map(sourceKinds.map((k) => [topicOf[k], mappedDecoder(k, compileMapper(spec, k, shops))]));
}
