/**
 * The byte reader of a mapping's paths must give exactly what JSON.parse and the paths give:
 * the same values (same strings, numbers down to -0, absent where absent) or, for what is not
 * JSON, the same reason. Checked on generated documents spelled every way JSON allows
 * (whitespace, escapes, duplicate keys, exponents), on byte-level corruptions of them, and on a
 * simulated launch in the example company's shape through the whole mapper.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateReferenceData } from "../reference";
import { foreignMessage, foreignShopDirectory } from "../simulation/foreign";
import { createLaunch } from "../simulation/launch";
import { compileMapper, type SourceRecord } from "./mapper";
import { parseSources } from "./parse-sources";
import { type PathSegment, parsePath } from "./path";
import { compilePaths } from "./path-plan";
import { scanPaths } from "./path-scan";
import { recordValues } from "./record-values";

const keys = ["a", "b", "c", "ключ", "0", "a b", "__proto__", "constructor", "é"];
const paths: PathSegment[][] = [
  "$.a.c",
  "$.a.b.c",
  "$.b[0]",
  "$.b[1].c",
  "$.c[0][1]",
  '$["ключ"]',
  '$["a b"].a',
  '$["0"]',
  "$.constructor",
  "$.__proto__.a",
  '$["é"]',
  "$.b[2][0].a",
].map((p) => parsePath(p) as PathSegment[]);

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
const leaf: fc.Arbitrary<Json> = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: "grapheme", maxLength: 8 }),
  fc.string({ unit: "binary", maxLength: 8 }),
  fc.constantFrom("", "\\", '"', "\u0000", "\u2028", "😀", "\ud800", "ORDER_PAID"),
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -0, 1e21, 1e-7, 5e-324, -1.5e300, 2 ** 53 + 1, 1.2345678901234568e17),
  fc.boolean(),
  fc.constant(null),
);
const { doc } = fc.letrec<{ doc: Json; value: Json }>((tie) => ({
  value: fc.oneof({ depthSize: "small", withCrossShrink: true }, leaf, tie("doc")),
  doc: fc.oneof(
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...keys), tie("value"), { maxKeys: 5 }),
  ),
}));
const root = fc.dictionary(
  fc.constantFrom(...keys),
  fc.oneof({ weight: 3, arbitrary: leaf }, { weight: 1, arbitrary: doc }),
  { maxKeys: 7 },
);

/** Spelling choices: random whitespace, escapes, number forms and duplicate keys. */
const spelling = fc.infiniteStream(fc.nat(1000));
function spell(v: Json, rnd: () => number): string {
  const ws = () => ["", "", "", " ", "\n", "\t", "\r\n  "][rnd() % 7]!;
  const str = (s: string, often = 10) =>
    `"${[...s]
      .map((ch) => {
        const r = rnd() % often;
        if (r === 0) return `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`;
        if (r === 1 && ch === "/") return "\\/";
        return JSON.stringify(ch).slice(1, -1);
      })
      .join("")}"`;
  const num = (n: number) => {
    const t = JSON.stringify(n);
    const r = rnd() % 6;
    if (t === "null" || r > 2) return t;
    if (r === 0 && Number.isInteger(n) && Math.abs(n) < 1e15)
      return `${n < 0 || Object.is(n, -0) ? "-" : ""}${Math.abs(n)}.0e0`;
    if (r === 1) return t.replace("e+", "E+");
    return t;
  };
  if (v === null || typeof v === "boolean") return String(v);
  if (typeof v === "number") return num(v);
  if (typeof v === "string") return str(v);
  if (Array.isArray(v)) return `[${ws()}${v.map((x) => spell(x, rnd)).join(`${ws()},${ws()}`)}${ws()}]`;
  const entries: string[] = [];
  for (const [k, x] of Object.entries(v)) {
    // A key said twice: JSON.parse keeps the last.
    const key = () => str(k, 200);
    if (rnd() % 5 === 0)
      entries.push(`${key()}${ws()}:${ws()}${spell(rnd() % 2 ? x : { a: 1, b: [2] }, rnd)}`);
    entries.push(`${key()}${ws()}:${ws()}${spell(x, rnd)}`);
  }
  return `${ws()}{${ws()}${entries.join(`${ws()},${ws()}`)}${ws()}}${ws()}`;
}

/** Byte-level damage: most of it is no longer JSON (or no longer UTF-8). */
const damage = fc.array(
  fc.tuple(
    fc.constantFrom("delete", "insert", "truncate"),
    fc.nat(),
    fc.constantFrom(...'{}[]",:\\ 0-.eE+tfnu\u00ff'.split(""), "\xc3", "\xed\xa0\x80"),
  ),
  { maxLength: 2 },
);
function damaged(text: string, edits: [string, number, string][]): Buffer {
  let b = Buffer.from(text);
  for (const [op, at, what] of edits) {
    const i = b.length === 0 ? 0 : at % (b.length + 1);
    const ins =
      what.length === 1 && what.charCodeAt(0) < 0x80 ? Buffer.from(what) : Buffer.from(what, "latin1");
    if (op === "delete") b = Buffer.concat([b.subarray(0, i), b.subarray(i + 1)]);
    else if (op === "insert") b = Buffer.concat([b.subarray(0, i), ins, b.subarray(i)]);
    else b = b.subarray(0, i);
  }
  return b;
}

const bytesReader = recordValues(paths);
const reference = recordValues(paths, { bytes: false });
/** Paths where one ends where another goes on: the shorter one may meet an object. */
const nested = ["$.a", "$.a.b", "$.b[0]", "$.b[0][1]"].map((p) => parsePath(p) as PathSegment[]);
const nestedBytes = recordValues(nested);
const nestedReference = recordValues(nested, { bytes: false });
/** The value inside a larger buffer, as in a fetched batch. */
function inBatch(value: Buffer): SourceRecord {
  const data = Buffer.concat([Buffer.from('{"x":'), value, Buffer.from("}]")]);
  return {
    value: value.toString("utf8"),
    data,
    valueStart: 5,
    valueEnd: 5 + value.length,
    key: null,
    header: () => null,
    timestamp: null,
  };
}
/** How many documents the byte reader answered itself (not handing them to JSON.parse). */
const answered = { yes: 0, all: 0 };
const { plan } = compilePaths(paths);
const read = (r: typeof bytesReader, rec: SourceRecord) => {
  if (rec.data) {
    answered.all++;
    if (scanPaths(plan, rec.data, rec.valueStart!, rec.valueEnd!, new Array(plan.paths.length)))
      answered.yes++;
  }
  const values: unknown[] = new Array(r.slots);
  const problem = r.read(rec, values);
  return problem ?? values;
};

describe("the byte reader of a mapping's paths", () => {
  it("reads what JSON.parse reads, however the document is spelled", () => {
    answered.yes = answered.all = 0;
    fc.assert(
      fc.property(root, spelling, (v, s) => {
        const text = spell(v, () => s.next().value);
        const rec = inBatch(Buffer.from(text));
        expect(read(bytesReader, rec)).toEqual(read(reference, { ...rec, data: undefined }));
        expect(read(nestedBytes, rec)).toEqual(read(nestedReference, { ...rec, data: undefined }));
      }),
      { numRuns: 2000 },
    );
    // Not a test of the fallback alone: the reader answers most documents itself.
    expect(answered.yes / answered.all).toBeGreaterThan(0.5);
  }, 60_000);

  it("gives the same values or the same reason for damaged bytes", () => {
    fc.assert(
      fc.property(root, spelling, damage, (v, s, edits) => {
        const rec = inBatch(
          damaged(
            spell(v, () => s.next().value),
            edits,
          ),
        );
        expect(read(bytesReader, rec)).toEqual(read(reference, { ...rec, data: undefined }));
        expect(read(nestedBytes, rec)).toEqual(read(nestedReference, { ...rec, data: undefined }));
      }),
      { numRuns: 2000 },
    );
  }, 60_000);

  it.each([
    ['{"a":{"b":1},"a":5}', "a repeated key replaces the object it held"],
    ['{"a":{"b":{"c":"x"}},"a":{"b":{"d":1}}}', "deep paths under a repeated key are gone"],
    ['{"b":[1,{"c":"\\u00e9\\n"}],"b":[0]}', "an array replaced"],
    ['{"c":[[0,-1.5e-3]],"ключ":"значение","é":"é"}', "nested arrays and Unicode keys"],
    ['{"constructor":1}', "an own key named like an Object property"],
    ['{"__proto__":{"a":"p"}}', "__proto__ as JSON.parse keeps it"],
    ["{}", "nothing there"],
    ['  {"a" : { "b" :\t-0 } }\r\n', "whitespace, -0"],
    ['{"a":1}x', "trailing bytes"],
    ['{"a":01}', "a leading zero"],
    ['{"a":"\\x"}', "an unknown escape"],
    ['{"a":"\t"}', "a raw control character"],
    ['{"a":1,}', "a trailing comma"],
    ["[1]", "not an object"],
    ["", "empty"],
    ['{"a\\u0062":1}', "an escaped key"],
  ])("%s: %s", (text) => {
    const rec = inBatch(Buffer.from(text));
    expect(read(bytesReader, rec)).toEqual(read(reference, { ...rec, data: undefined }));
    expect(read(nestedBytes, rec)).toEqual(read(nestedReference, { ...rec, data: undefined }));
  });
});

describe("the mapper with the byte reader", () => {
  const ref = generateReferenceData("path-scan-test", 500);
  const shops = foreignShopDirectory(ref);
  const spec = parseSources(readFileSync("sources.example.yaml", "utf8"), "sources.example.yaml").spec;
  const kinds = ["orders", "api", "downloads"] as const;
  const fast = Object.fromEntries(kinds.map((k) => [k, compileMapper(spec, k, shops)]));
  const slow = Object.fromEntries(kinds.map((k) => [k, compileMapper(spec, k, shops, { bytes: false })]));
  const both = (kind: (typeof kinds)[number], value: Buffer, key: string | null) => {
    const rec = { ...inBatch(value), key };
    return [fast[kind]!(rec), slow[kind]!({ ...rec, data: undefined })];
  };

  it("maps a simulated launch in the foreign shape exactly as JSON.parse does, spelled any way", () => {
    const launch = createLaunch({ seed: "ps", scale: 0.02, durationSec: 60, reference: ref });
    let n = 0;
    const rnd = fc.sample(fc.nat(1000), 50_000);
    let r = 0;
    for (let b = launch.next(); b; b = launch.next())
      for (const m of b.messages) {
        const f = foreignMessage(m);
        const [x, y] = both(m.topic, Buffer.from(f.value), f.key);
        expect(x).toEqual(y);
        // The same record respelled (whitespace, escapes, duplicate keys, number forms).
        let json: Json;
        try {
          json = JSON.parse(f.value);
        } catch {
          continue;
        }
        const [x2, y2] = both(m.topic, Buffer.from(spell(json, () => rnd[r++ % rnd.length]!)), f.key);
        expect(x2).toEqual(y2);
        n++;
      }
    expect(n).toBeGreaterThan(500);
  }, 60_000);

  it("dead-letters an ISO time on a day its month does not have, on every path", () => {
    const order = (occurredAt: string) =>
      `{"eventId":"e1","eventType":"ORDER_PAID","occurredAt":"${occurredAt}","order":{"id":"o1","customer":{"id":"u1"},"store":{"code":"ST-000003"},"lines":[{"price":25}]}}`;
    for (const t of [
      "2026-02-30T10:00:00+08:00",
      "2026-02-30T10:00:00Z",
      "2026-04-31T10:00:00.000Z",
      "2026-02-29 10:00Z",
      "2026-13-01T10:00:00Z",
    ]) {
      const [x, y] = both("orders", Buffer.from(order(t)), "ST-000003");
      expect(x).toEqual({ ok: false, field: "ts", problem: "bad time:", detail: JSON.stringify(t) });
      expect(y).toEqual(x);
    }
    const [leap] = both("orders", Buffer.from(order("2028-02-29T10:00:00+08:00")), null);
    expect(leap).toMatchObject({ ok: true, event: { ts: Date.parse("2028-02-29T02:00:00Z") } });
  });
});
