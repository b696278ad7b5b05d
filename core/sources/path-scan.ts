/**
 * The byte reader of a mapping's JSON paths: walks a record's value once, straight from the
 * bytes of the fetched batch, and picks out only the values its plan (path-plan.ts) names;
 * everything else is checked and skipped without a string or an object. It only ever answers
 * what `JSON.parse` then the path would give: anything it does not handle (invalid JSON, an
 * escaped or non-UTF-8 key, an object or array where a path ends, nesting past 256) returns
 * false and the caller parses the value (record-values.ts), which has the last word and names
 * the reason. A property test (path-scan.test.ts) holds the two to the same result.
 */
import { jsonNumberEnd, jsonNumberValue } from "../events/json-number";
import { wellFormedUtf8 } from "../events/utf8";
import { PARSED_TIME, type PathPlan, type PlanNode } from "./path-plan";
import { isoFastBytes } from "./timestamp";

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const MAX_DEPTH = 256;

/** Cursor and message; module-level so the walk allocates nothing for them. */
let b: Buffer;
let pos = 0;
let end = 0;
let out: unknown[];
let plan: PathPlan;
const stack = new Uint8Array(MAX_DEPTH);

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

/** The value at `n` (pos at its first byte). */
function value(n: PlanNode): boolean {
  const c = b[pos];
  if (c === LBRACE) {
    if (n.slot >= 0) return false;
    return n.names.length > 0 ? object(n) : skipComposite();
  }
  if (c === LBRACKET) {
    if (n.slot >= 0) return false;
    return n.indexes.length > 0 ? array(n) : skipComposite();
  }
  // A scalar where paths go deeper: they are absent.
  return n.slot < 0 ? skipScalar() : scalar(n.slot);
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
    } else if (!skipValue()) return false;
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
    if (!(k >= 0 ? value(n.indexNodes[k]!) : skipValue())) return false;
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
  if (pos + text.length > end) return false;
  for (let i = 0; i < text.length; i++) if (b[pos + i] !== text.charCodeAt(i)) return false;
  pos += text.length;
  if (slot >= 0) out[slot] = v;
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
      const x = escapeEnd(i);
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

/** The end of the escape at `i` (a backslash), or -1 when JSON has no such escape. */
function escapeEnd(i: number): number {
  const e = i + 1 < end ? b[i + 1] : -1;
  if (e === 0x75) {
    if (i + 6 > end) return -1;
    for (let k = i + 2; k < i + 6; k++) {
      const h = b[k]!;
      if (!((h >= 0x30 && h <= 0x39) || (h >= 0x41 && h <= 0x46) || (h >= 0x61 && h <= 0x66))) return -1;
    }
    return i + 6;
  }
  // " \ / b f n r t
  return e === 0x22 ||
    e === 0x5c ||
    e === 0x2f ||
    e === 0x62 ||
    e === 0x66 ||
    e === 0x6e ||
    e === 0x72 ||
    e === 0x74
    ? i + 2
    : -1;
}

function skipString(): boolean {
  const d = b;
  const e = end;
  for (let i = pos + 1; i < e; i++) {
    const c = d[i]!;
    if (c === QUOTE) {
      pos = i + 1;
      return true;
    }
    if (c === BACKSLASH) {
      const x = escapeEnd(i);
      if (x < 0) return false;
      i = x - 1;
    } else if (c < 0x20) return false;
  }
  return false;
}

function skipScalar(): boolean {
  const c = b[pos];
  if (c === QUOTE) return skipString();
  if (c === 0x74) return literal("true", true, -1);
  if (c === 0x66) return literal("false", false, -1);
  if (c === 0x6e) return literal("null", null, -1);
  const stop = jsonNumberEnd(b, pos, end);
  if (stop < 0) return false;
  pos = stop;
  return true;
}

function skipValue(): boolean {
  const c = b[pos];
  return c === LBRACE || c === LBRACKET ? skipComposite() : skipScalar();
}

/** After `"key"` of an object being skipped: the colon and the whitespace around it. */
function skipKey(): boolean {
  if (pos >= end || b[pos] !== QUOTE || !skipString()) return false;
  ws();
  if (pos >= end || b[pos] !== COLON) return false;
  pos++;
  ws();
  return pos < end;
}

/** Skips an object or array (pos at its bracket) without recursion: a stack of brackets. */
function skipComposite(): boolean {
  let depth = 0;
  for (;;) {
    // At the start of a value.
    const c = b[pos];
    if (c === LBRACE || c === LBRACKET) {
      if (depth === MAX_DEPTH) return false;
      stack[depth++] = c;
      pos++;
      ws();
      if (pos < end && b[pos] === c + 2) {
        // `{}` or `[]` (the closing bracket is two code points on).
        pos++;
        depth--;
      } else {
        if (pos >= end || (c === LBRACE && !skipKey())) return false;
        continue;
      }
    } else if (!skipScalar()) return false;
    // After a value: close what ends here, or go on to the next element.
    for (;;) {
      if (depth === 0) return true;
      ws();
      if (pos >= end) return false;
      const d = b[pos]!;
      const open = stack[depth - 1]!;
      pos++;
      if (d === COMMA) {
        ws();
        if (pos >= end || (open === LBRACE && !skipKey())) return false;
        break;
      }
      if (d !== open + 2) return false;
      depth--;
    }
  }
}
