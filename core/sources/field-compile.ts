/**
 * One field of a mapping compiled once: where its value comes from (a path's slot, a header,
 * the key, the record timestamp, a constant), its value map, and a converter to the field's
 * type, so the hot path runs no switch per value.
 */
import type { FieldType } from "./fields";
import { parsePath } from "./path";
import { PARSED_TIME, type RecordValues, type SourceRecord } from "./record-values";
import type { FieldSpec, FilterSpec } from "./spec";
import { readTimestamp, type TimestampFormat } from "./timestamp";
import { buildValueMap, type Scalar, type ValueMap } from "./value-map";

/** A field's raw value: from the record, or from `values` (the paths' values, by slot). */
export type Read = (rec: SourceRecord, values: unknown[]) => unknown;

type Source = { path?: string; header?: string; key?: true; timestamp?: true; const?: Scalar };

function reader(f: Source, values: RecordValues): Read {
  if (f.path !== undefined) {
    const slot = values.slotOf(parsePath(f.path) as (string | number)[]);
    return (_rec, v) => v[slot];
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

/** A converter's "does not fit": the field's `problem` says why. */
export const BAD = Symbol("bad");
export type Convert = (v: unknown) => unknown;

function converter(type: FieldType, format: TimestampFormat): { convert: Convert; problem: string } {
  switch (type.t) {
    case "string":
    case "nullableString": {
      const nullable = type.t === "nullableString";
      return {
        convert: (v) =>
          typeof v === "string"
            ? v
            : v === null && nullable
              ? null
              : typeof v === "number" && Number.isFinite(v)
                ? String(v)
                : BAD,
        problem: "not a string:",
      };
    }
    case "number":
    case "int": {
      const int = type.t === "int";
      return {
        convert: (v) => {
          const n =
            typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : Number.NaN;
          return Number.isFinite(n) && (!int || Number.isInteger(n)) ? n : BAD;
        },
        problem: int ? "not an integer:" : "not a number:",
      };
    }
    case "boolean":
      return {
        convert: (v) => (typeof v === "boolean" ? v : v === "true" ? true : v === "false" ? false : BAD),
        problem: "not a boolean:",
      };
    case "enum":
      return { convert: (v) => v, problem: "" };
    case "time":
      return {
        convert: (v) => {
          const t = readTimestamp(v, format);
          return typeof t === "string" ? BAD : t;
        },
        problem: "bad time:",
      };
  }
}

export interface CompiledField {
  name: string;
  read: Read;
  map: ValueMap | null;
  convert: Convert;
  problem: string;
  /** `default`: also the value when the source is missing. */
  fallback: Scalar | undefined;
  /** Index in the contract's field order. */
  slot: number;
}

export function compileField(
  name: string,
  type: FieldType,
  f: FieldSpec,
  values: RecordValues,
  contract: readonly string[],
): CompiledField {
  const { convert: base, problem } = converter(type, f.format ?? "epoch_ms");
  let convert = base;
  if (type.t === "time" && f.format === "iso8601" && f.path !== undefined && !f.map) {
    // The byte reader may have read this time already (only this field reads its path).
    const slot = values.slotOf(parsePath(f.path) as (string | number)[]);
    convert = (v) => (v === PARSED_TIME ? values.timeAt(slot) : base(v));
  }
  return {
    name,
    read: reader(f, values),
    map: f.map ? buildValueMap(f.map, f.default) : null,
    convert,
    problem,
    fallback: f.default,
    slot: contract.indexOf(name === "shop" ? "shopId" : name),
  };
}

export function compileFilter(
  f: FilterSpec | undefined,
  values: RecordValues,
): ((rec: SourceRecord, values: unknown[]) => boolean) | null {
  if (!f) return null;
  const read = reader(f, values);
  const set = new Set((f.in ?? f.not_in ?? []).map((v) => String(v)));
  const keep = f.in !== undefined;
  return (rec, v) => set.has(String(read(rec, v))) === keep;
}

/**
 * The paths a mapping of one kind reads; those whose strings repeat (maps, the filter); and the
 * ISO-8601 times that only their own field reads (the byte reader may read them as numbers).
 */
export function pathsOf(
  fields: Record<string, FieldSpec>,
  filter: FilterSpec | undefined,
): { paths: Path[]; interned: Path[]; isoTimes: Path[] } {
  const paths: Path[] = [];
  const interned: Path[] = [];
  const uses = new Map<string, number>();
  for (const f of [...Object.values(fields), ...(filter ? [filter] : [])]) {
    if (f.path === undefined) continue;
    const p = parsePath(f.path) as Path;
    paths.push(p);
    uses.set(JSON.stringify(p), (uses.get(JSON.stringify(p)) ?? 0) + 1);
    if (f === filter || (f as FieldSpec).map) interned.push(p);
  }
  const isoTimes = Object.values(fields)
    .filter((f) => f.format === "iso8601" && f.path !== undefined && !f.map)
    .map((f) => parsePath(f.path!) as Path)
    .filter((p) => uses.get(JSON.stringify(p)) === 1);
  return { paths, interned, isoTimes };
}

type Path = (string | number)[];
