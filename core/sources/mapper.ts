/**
 * A validated source mapping compiled into a function from one Kafka record to a Launchwatch
 * event. Pure: the record's bytes, key, headers and timestamp come in, an event (or the field
 * and reason it does not map, or "filtered") comes out. The paths' values are read once per
 * record (record-values.ts: straight from the bytes where it can, else JSON.parse); the event
 * is then held to the contract by the same checks as a native one (core/events), so a mapped
 * event is never laxer.
 */
import type { ZodType } from "zod";
import { ApiEventSchema } from "../events/api";
import type { LaunchEvent } from "../events/decode";
import { DownloadEventSchema } from "../events/download";
import { isApiEvent, isDownloadEvent, isOrderEvent } from "../events/fast-check";
import { OrderEventSchema } from "../events/order";
import { builders, contractKeys } from "./event-build";
import { BAD, compileField, compileFilter, pathsOf } from "./field-compile";
import { kindFields, type SourceKind } from "./fields";
import { recordValues } from "./record-values";
import type { SourcesFile } from "./spec";
import { applyValueMap } from "./value-map";

export type { SourceRecord } from "./record-values";

import type { SourceRecord } from "./record-values";

export interface ShopIdentity {
  id: number;
  chain: string;
  city: string;
}

/** The reference data a mapping reads shops from. */
export interface ShopDirectory {
  byExternalId(externalId: string): ShopIdentity | undefined;
  byId(id: number): ShopIdentity | undefined;
}

export type MapResult =
  | { ok: true; event: LaunchEvent }
  /** `field`: the Launchwatch field (or `value`, `filter`); `problem`: the kind of failure. */
  | { ok: false; field: string; problem: string; detail: string }
  | { ok: "filtered" };

export type RecordMapper = (record: SourceRecord) => MapResult;

/** `sources.orders.fields.status: no mapping for "X"` style, for dead letters. */
export const mapFailureReason = (kind: SourceKind, r: { field: string; problem: string; detail: string }) =>
  `mapping ${kind}.${r.field}: ${r.problem}${r.detail ? ` ${r.detail}` : ""}`;

const fail = (field: string, problem: string, detail = ""): MapResult => ({
  ok: false,
  field,
  problem,
  detail,
});

const schemas: Record<SourceKind, ZodType> = {
  orders: OrderEventSchema,
  api: ApiEventSchema,
  downloads: DownloadEventSchema,
};
const checks = { orders: isOrderEvent, api: isApiEvent, downloads: isDownloadEvent };

export interface MapperOptions {
  /** false: read every value with JSON.parse (the byte reader's reference, for tests). Default true. */
  bytes?: boolean;
}

/** Compiles the mapping of one stream kind of a validated file. */
export function compileMapper(
  file: SourcesFile,
  kind: SourceKind,
  shops: ShopDirectory,
  { bytes = true }: MapperOptions = {},
): RecordMapper {
  const spec = file[kind];
  if (!spec) throw new Error(`no ${kind} in the sources file`);
  const defs = kindFields[kind];
  const keys = contractKeys[kind];
  const { paths, interned, isoTimes } = pathsOf(spec.fields, spec.filter);
  const source = recordValues(paths, { interned, isoTimes, bytes });
  /** The paths' values of the record being mapped, by slot (reused). */
  const picked: unknown[] = new Array(source.slots).fill(undefined);
  const fields = Object.entries(spec.fields).map(([name, f]) =>
    compileField(name, defs[name]!.type, f, source, keys),
  );
  const byExternalId = "shop" in spec.fields;
  const filter = compileFilter(spec.filter, source);
  const check = checks[kind] as (o: Record<string, unknown>) => boolean;
  const schema = schemas[kind];
  const build = builders[kind];
  /** The event's values in contract order, after v and type (reused: build copies them out). */
  const vals: unknown[] = new Array(keys.length).fill(undefined);
  const at = (k: string) => keys.indexOf(k);
  const [SHOP, CHAIN, CITY, STATUS, ERR, RETRY, INVITER] = [
    at("shopId"),
    at("chain"),
    at("city"),
    at("status"),
    at("errorClass"),
    at("retry"),
    at("inviterId"),
  ];

  return (rec) => {
    const bad = source.read(rec, picked);
    if (bad !== null) return fail("value", bad.problem, bad.detail);
    if (filter && !filter(rec, picked)) return { ok: "filtered" };
    vals.fill(undefined);
    for (const f of fields) {
      let v = f.read(rec, picked);
      if (v === undefined) {
        if (f.fallback === undefined) return fail(f.name, "missing");
        v = f.fallback;
      }
      if (f.map) {
        const m = applyValueMap(f.map, v);
        if (m === undefined) return fail(f.name, "no mapping for", JSON.stringify(v));
        v = m;
      }
      const c = f.convert(v);
      if (c === BAD) return fail(f.name, f.problem, JSON.stringify(v));
      vals[f.slot] = c;
    }
    if (kind === "orders") {
      let shop: ShopIdentity | undefined;
      if (byExternalId) {
        shop = shops.byExternalId(vals[SHOP] as string);
        if (!shop) return fail("shop", "unknown external id", JSON.stringify(vals[SHOP]));
        vals[SHOP] = shop.id;
      } else shop = shops.byId(vals[SHOP] as number);
      if (vals[CHAIN] === undefined || vals[CITY] === undefined) {
        if (!shop) return fail("shopId", "unknown shop id", JSON.stringify(vals[SHOP]));
        vals[CHAIN] ??= shop.chain;
        vals[CITY] ??= shop.city;
      }
    } else if (kind === "api") {
      if (vals[ERR] === undefined)
        vals[ERR] = (vals[STATUS] as number) >= 400 ? `http_${vals[STATUS]}` : null;
      vals[RETRY] ??= false;
    } else vals[INVITER] ??= null;
    const event = build(vals);
    if (check(event)) return { ok: true, event: event as unknown as LaunchEvent };
    const parsed = schema.safeParse(event);
    if (parsed.success) return { ok: true, event: parsed.data as LaunchEvent };
    const issue = parsed.error.issues[0];
    return fail(String(issue?.path[0] ?? "value"), "invalid:", issue?.message ?? "");
  };
}
