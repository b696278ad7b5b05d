/**
 * The byte reader of a mapping's JSON paths: walks a record's value once, straight from the
 * bytes of the fetched batch, and picks out only the values its plan (path-plan.ts) names;
 * everything else is checked and skipped without a string or an object. It only ever answers
 * what `JSON.parse` then the path would give: anything it does not handle (invalid JSON, an
 * escaped or non-UTF-8 key, an object or array where a path ends, nesting past 256) returns
 * false and the caller parses the value (record-values.ts), which has the last word and names
 * the reason. A property test (path-scan.test.ts) holds the two to the same result.
 *
 * This module is the plan walk: it follows the plan's keys and indexes and reads the values
 * it maps; what it steps over is the scanner primitives' (json-skip.ts).
 */
import { jsonNumberEnd, jsonNumberValue } from "../events/json-number";
import { wellFormedUtf8 } from "../events/utf8";
import * as json from "./json-skip";
import { PARSED_TIME, type PathPlan, type PlanNode } from "./path-plan";
import { isoFastBytes } from "./timestamp";

// Taken into constants of this module: an imported binding is read through the other module
// on every use (and checked for being set), a constant of its own V8 folds into the code. Used
// as imports, the split walk took 7 per cent more CPU than the one-file walk; taken in, 1 to 2.
const { QUOTE, BACKSLASH, COMMA, COLON, LBRACE, RBRACE, LBRACKET, RBRACKET } = json.jsonBytes;
const { escapeEnd, literalEnd, skipComposite, skipScalar, skipValue } = json;

/** Cursor and message; module-level so the walk allocates nothing for them. */
let b: Buffer;
let pos = 0;
let end = 0;
let out: unknown[];
let plan: PathPlan;

/**
 * ASCII bytes as a string: Buffer's own latin1Slice (what `toString("latin1", ...)` ends in,
 * without its argument handling: a third of the cost of a short string).
 */
const latin1 = (d: Buffer, from: number, to: number): string =>
  (d as Buffer & { latin1Slice(from: number, to: number): string }).latin1Slice(from, to);

/**
 * Reads the values of `p`'s paths from the JSON object `data[start, stop)` into `values` (by
 * slot; undefined where a path is absent). False: not read here, `values` undefined; parse it.
 */
export function scanPaths(
  p: PathPlan,
  data: Buffer,
  start: number,
  stop: number,
  values: unknown[],
): boolean {
  const root = p.root;
  if (root === null) return false;
  values.fill(undefined);
  b = data;
  pos = start;
  end = stop;
  out = values;
  plan = p;
  ws();
  if (pos >= end || b[pos] !== LBRACE || !object(root)) return false;
  ws();
  return pos === end;
}

function ws(): void {
  const d = b;
  const e = end;
  let i = pos;
  while (i < e) {
    const c = d[i]!;
    if (c > 0x20 || (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09)) break;
    i++;
  }
  pos = i;
}

/** Moves to `to`, where a primitive stopped; false (not read here) when it found no JSON. */
function advance(to: number): boolean {
  if (to < 0) return false;
  pos = to;
  return true;
}

/** The value at `n` (pos at its first byte). */
function value(n: PlanNode): boolean {
  const c = b[pos];
  if (c === LBRACE) {
    if (n.slot >= 0) return false;
    return n.names.length > 0 ? object(n) : advance(skipComposite(b, pos, end));
  }
  if (c === LBRACKET) {
    if (n.slot >= 0) return false;
    return n.indexes.length > 0 ? array(n) : advance(skipComposite(b, pos, end));
  }
  // A scalar where paths go deeper: they are absent.
  return n.slot < 0 ? advance(skipScalar(b, pos, end)) : scalar(n.slot);
}

function object(n: PlanNode): boolean {
  pos++;
  ws();
  if (pos < end && b[pos] === RBRACE) {
    pos++;
    return true;
  }
  for (;;) {
    if (pos >= end || b[pos] !== QUOTE) return false;
    const ks = pos + 1;
    const d = b;
    const e = end;
    let i = ks;
    let ascii = true;
    for (; i < e; i++) {
      const c = d[i]!;
      if (c === QUOTE) break;
      if (c === BACKSLASH || c < 0x20) return false;
      if (c >= 0x80) ascii = false;
    }
    if (i >= e || (!ascii && !wellFormedUtf8(d, ks, i))) return false;
    pos = i + 1;
    ws();
    if (pos >= end || b[pos] !== COLON) return false;
    pos++;
    ws();
    if (pos >= end) return false;
    const child = n.names.length > 0 ? match(n, ks, i) : undefined;
    if (child !== undefined) {
      // A repeated key replaces what its earlier value set.
      for (let s = child.lo; s < child.hi; s++) out[s] = undefined;
      if (!value(child)) return false;
    } else if (!advance(skipValue(b, pos, end))) return false;
    ws();
    if (pos >= end) return false;
    const c = b[pos];
    pos++;
    if (c === COMMA) ws();
    else return c === RBRACE;
  }
}

function match(n: PlanNode, ks: number, ke: number): PlanNode | undefined {
  const len = ke - ks;
  const names = n.names;
  for (let k = 0; k < names.length; k++) {
    const name = names[k]!;
    if (name.length !== len) continue;
    let j = 0;
    while (j < len && b[ks + j] === name[j]) j++;
    if (j === len) return n.nameNodes[k];
  }
  return undefined;
}

function array(n: PlanNode): boolean {
  pos++;
  ws();
  if (pos < end && b[pos] === RBRACKET) {
    pos++;
    return true;
  }
  for (let index = 0; ; index++) {
    if (pos >= end) return false;
    const k = n.indexes.indexOf(index);
    if (!(k >= 0 ? value(n.indexNodes[k]!) : advance(skipValue(b, pos, end)))) return false;
    ws();
    if (pos >= end) return false;
    const c = b[pos];
    pos++;
    if (c === COMMA) ws();
    else return c === RBRACKET;
  }
}

/** A mapped scalar into its slot. */
function scalar(slot: number): boolean {
  const c = b[pos];
  if (c === QUOTE) return string(slot);
  if (c === 0x74) return literal("true", true, slot);
  if (c === 0x66) return literal("false", false, slot);
  if (c === 0x6e) return literal("null", null, slot);
  const stop = jsonNumberEnd(b, pos, end);
  if (stop < 0) return false;
  out[slot] = jsonNumberValue(b, pos, stop);
  pos = stop;
  return true;
}

function literal(text: string, v: boolean | null, slot: number): boolean {
  if (!advance(literalEnd(b, pos, end, text))) return false;
  out[slot] = v;
  return true;
}

/** A mapped string: sliced from the bytes (one string per value where the slot repeats). */
function string(slot: number): boolean {
  const s = pos + 1;
  const d = b;
  const e = end;
  let ascii = true;
  let escaped = false;
  let t: number | null;
  let i = s;
  for (; i < e; i++) {
    const c = d[i]!;
    if (c === QUOTE) break;
    if (c === BACKSLASH) {
      const x = escapeEnd(d, i, e);
      if (x < 0) return false;
      escaped = true;
      i = x - 1;
    } else if (c < 0x20) return false;
    else if (c >= 0x80) ascii = false;
  }
  if (i >= e || (!ascii && !wellFormedUtf8(d, s, i))) return false;
  pos = i + 1;
  if (escaped) out[slot] = JSON.parse(d.toString(ascii ? "latin1" : "utf8", s - 1, i + 1)) as string;
  else if (!ascii) out[slot] = d.toString("utf8", s, i);
  else if (plan.iso[slot] && (t = isoFastBytes(d, s, i)) !== null) {
    plan.times[slot] = t;
    out[slot] = PARSED_TIME;
  } else if (plan.intern[slot]) {
    const interner = plan.interner;
    out[slot] = interner.get(d, s, i) ?? interner.put(d, s, i, latin1(d, s, i));
  } else out[slot] = latin1(d, s, i);
  return true;
}
