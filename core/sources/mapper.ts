/**
 * A validated source mapping compiled into a function from one Kafka record to a Launchwatch
 * event. Pure: the record's bytes, key, headers and timestamp come in, an event (or the field
 * and reason it does not map, or "filtered") comes out. The event is then held to the contract
 * by the same checks as a native one (core/events), so a mapped event is never laxer.
 */
import type { ZodType } from "zod";
import { ApiEventSchema } from "../events/api";
import type { LaunchEvent } from "../events/decode";
import { DownloadEventSchema } from "../events/download";
import { isApiEvent, isDownloadEvent, isOrderEvent } from "../events/fast-check";
import { OrderEventSchema } from "../events/order";
import { eventTypeOf, type FieldType, kindFields, type SourceKind } from "./fields";
import { type PathSegment, parsePath, readPath } from "./path";
import type { FieldSpec, FilterSpec, SourcesFile } from "./spec";
import { readTimestamp, type TimestampFormat } from "./timestamp";
import { applyValueMap, buildValueMap, type Scalar, type ValueMap } from "./value-map";

/** One record as the mapper reads it. */
export interface SourceRecord {
  /** The value as UTF-8 text (null: no value). */
  value: string | null;
  key: string | null;
  /** A header's value as UTF-8, or null. */
  header(name: string): string | null;
  /** The record timestamp, epoch ms (null when the client did not give it). */
  timestamp: number | null;
}

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

type Read = (rec: SourceRecord, json: unknown) => unknown;

function reader(f: { path?: string; header?: string; key?: true; timestamp?: true; const?: Scalar }): Read {
  if (f.path !== undefined) {
    const p = parsePath(f.path) as PathSegment[];
    return (_rec, json) => readPath(json, p);
  }
  if (f.header !== undefined) {
    const name = f.header;
    return (rec) => rec.header(name) ?? undefined;
  }
  if (f.key) return (rec) => rec.key ?? undefined;
  if (f.timestamp) return (rec) => rec.timestamp ?? undefined;
  const c = f.const ?? null;
  return () => c;
}

const fail = (field: string, problem: string, detail = ""): MapResult => ({
  ok: false,
  field,
  problem,
  detail,
});

/** Converts a read value to the field's type; returns a failure's problem as `{ problem }`. */
function coerce(type: FieldType, v: unknown, format: TimestampFormat): unknown | { problem: string } {
  switch (type.t) {
    case "string":
    case "nullableString":
      if (v === null && type.t === "nullableString") return null;
      if (typeof v === "string") return v;
      if (typeof v === "number" && Number.isFinite(v)) return String(v);
      return { problem: "not a string:" };
    case "number":
    case "int": {
      const n = typeof v === "string" && v.trim() !== "" ? Number(v) : v;
      if (typeof n !== "number" || !Number.isFinite(n)) return { problem: "not a number:" };
      if (type.t === "int" && !Number.isInteger(n)) return { problem: "not an integer:" };
      return n;
    }
    case "boolean":
      if (typeof v === "boolean") return v;
      if (v === "true" || v === "false") return v === "true";
      return { problem: "not a boolean:" };
    case "enum":
      return v;
    case "time": {
      const t = readTimestamp(v, format);
      return typeof t === "string" ? { problem: "bad time:" } : t;
    }
  }
}

interface CompiledField {
  name: string;
  type: FieldType;
  read: Read;
  map: ValueMap | null;
  format: TimestampFormat;
  /** `default`: also the value when the source is missing. */
  fallback: Scalar | undefined;
}

function compileField(name: string, type: FieldType, f: FieldSpec): CompiledField {
  return {
    name,
    type,
    read: reader(f),
    map: f.map ? buildValueMap(f.map, f.default) : null,
    format: f.format ?? "epoch_ms",
    fallback: f.default,
  };
}

function compileFilter(f: FilterSpec | undefined): ((rec: SourceRecord, json: unknown) => boolean) | null {
  if (!f) return null;
  const read = reader(f);
  const set = new Set((f.in ?? f.not_in ?? []).map((v) => String(v)));
  const keep = f.in !== undefined;
  return (rec, json) => set.has(String(read(rec, json))) === keep;
}

const schemas: Record<SourceKind, ZodType> = {
  orders: OrderEventSchema,
  api: ApiEventSchema,
  downloads: DownloadEventSchema,
};
const checks = { orders: isOrderEvent, api: isApiEvent, downloads: isDownloadEvent };

/** Compiles the mapping of one stream kind of a validated file. */
export function compileMapper(file: SourcesFile, kind: SourceKind, shops: ShopDirectory): RecordMapper {
  const spec = file[kind];
  if (!spec) throw new Error(`no ${kind} in the sources file`);
  const defs = kindFields[kind];
  const fields = Object.entries(spec.fields).map(([name, f]) => compileField(name, defs[name]!.type, f));
  const filter = compileFilter(spec.filter);
  const type = eventTypeOf[kind];
  const needsJson =
    spec.filter?.path !== undefined || Object.values(spec.fields).some((f) => f.path !== undefined);
  const check = checks[kind] as (o: Record<string, unknown>) => boolean;
  const schema = schemas[kind];

  return (rec) => {
    let json: unknown;
    if (needsJson) {
      if (rec.value === null || rec.value === "") return fail("value", "empty message");
      try {
        json = JSON.parse(rec.value);
      } catch (err) {
        return fail("value", "malformed JSON:", (err as Error).message);
      }
    }
    if (filter && !filter(rec, json)) return { ok: "filtered" };
    const out: Record<string, unknown> = { v: 1, type };
    for (const f of fields) {
      let v = f.read(rec, json);
      if (v === undefined) {
        if (f.fallback === undefined) return fail(f.name, "missing");
        v = f.fallback;
      }
      if (f.map) {
        const m = applyValueMap(f.map, v);
        if (m === undefined) return fail(f.name, "no mapping for", JSON.stringify(v));
        v = m;
      }
      const c = coerce(f.type, v, f.format);
      if (typeof c === "object" && c !== null && "problem" in c)
        return fail(f.name, (c as { problem: string }).problem, JSON.stringify(v));
      out[f.name] = c;
    }
    if (kind === "orders") {
      let shop: ShopIdentity | undefined;
      if (out.shop !== undefined) {
        shop = shops.byExternalId(out.shop as string);
        if (!shop) return fail("shop", "unknown external id", JSON.stringify(out.shop));
        delete out.shop;
        out.shopId = shop.id;
      } else shop = shops.byId(out.shopId as number);
      if (out.chain === undefined || out.city === undefined) {
        if (!shop) return fail("shopId", "unknown shop id", JSON.stringify(out.shopId));
        out.chain ??= shop.chain;
        out.city ??= shop.city;
      }
    } else if (kind === "api") {
      if (out.errorClass === undefined)
        out.errorClass = (out.status as number) >= 400 ? `http_${out.status}` : null;
      out.retry ??= false;
    } else out.inviterId ??= null;
    const event = ordered(kind, out);
    if (check(event)) return { ok: true, event: event as unknown as LaunchEvent };
    const parsed = schema.safeParse(event);
    if (parsed.success) return { ok: true, event: parsed.data as LaunchEvent };
    const issue = parsed.error.issues[0];
    return fail(String(issue?.path[0] ?? "value"), "invalid:", issue?.message ?? "");
  };
}

const contractKeys: Record<SourceKind, string[]> = {
  orders: Object.keys(OrderEventSchema.shape),
  api: Object.keys(ApiEventSchema.shape),
  downloads: Object.keys(DownloadEventSchema.shape),
};

/** The event's fields in contract order (a mapped event encodes like a native one). */
function ordered(kind: SourceKind, o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of contractKeys[kind]) out[k] = o[k];
  return out;
}
