/**
 * The scanner primitives of the byte-level JSON reader (path-scan.ts): whitespace, escapes,
 * literals, and whole values checked and stepped over without building a string or an object.
 * Each takes the bytes, a position and the end, and returns the position after what it read,
 * or -1 where the bytes are not JSON (or nest past 256) and the caller must parse them.
 */
import { jsonNumberEnd } from "../events/json-number";

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const LBRACE = 0x7b;
const LBRACKET = 0x5b;
const MAX_DEPTH = 256;

/** The byte values, for the plan walk (path-scan.ts) to take into constants of its own. */
export const jsonBytes = {
  QUOTE,
  BACKSLASH,
  COMMA,
  COLON,
  LBRACE,
  RBRACE: 0x7d,
  LBRACKET,
  RBRACKET: 0x5d,
} as const;

/** Open brackets of the composite being skipped; module-level so skipping allocates nothing. */
const stack = new Uint8Array(MAX_DEPTH);

/** Past the whitespace at `i`. */
function wsEnd(d: Buffer, i: number, e: number): number {
  while (i < e) {
    const c = d[i]!;
    if (c > 0x20 || (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09)) break;
    i++;
  }
  return i;
}

/** The end of the escape at `i` (a backslash), or -1 when JSON has no such escape. */
export function escapeEnd(d: Buffer, i: number, end: number): number {
  const e = i + 1 < end ? d[i + 1] : -1;
  if (e === 0x75) {
    if (i + 6 > end) return -1;
    for (let k = i + 2; k < i + 6; k++) {
      const h = d[k]!;
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

/** Past `text` (true, false, null) at `i`. */
export function literalEnd(d: Buffer, i: number, e: number, text: string): number {
  if (i + text.length > e) return -1;
  for (let k = 0; k < text.length; k++) if (d[i + k] !== text.charCodeAt(k)) return -1;
  return i + text.length;
}

/** Past the string whose opening quote is at `i`. */
function skipString(d: Buffer, i: number, e: number): number {
  for (i++; i < e; i++) {
    const c = d[i]!;
    if (c === QUOTE) return i + 1;
    if (c === BACKSLASH) {
      const x = escapeEnd(d, i, e);
      if (x < 0) return -1;
      i = x - 1;
    } else if (c < 0x20) return -1;
  }
  return -1;
}

/** Past the string, literal or number at `i`. */
export function skipScalar(d: Buffer, i: number, e: number): number {
  const c = d[i];
  if (c === QUOTE) return skipString(d, i, e);
  if (c === 0x74) return literalEnd(d, i, e, "true");
  if (c === 0x66) return literalEnd(d, i, e, "false");
  if (c === 0x6e) return literalEnd(d, i, e, "null");
  const stop = jsonNumberEnd(d, i, e);
  return stop < 0 ? -1 : stop;
}

/** Past the value at `i`, whatever it is. */
export function skipValue(d: Buffer, i: number, e: number): number {
  const c = d[i];
  return c === LBRACE || c === LBRACKET ? skipComposite(d, i, e) : skipScalar(d, i, e);
}

/** Past `"key":` and the whitespace around the colon, at a value (-1 at the end). */
function skipKey(d: Buffer, i: number, e: number): number {
  if (i >= e || d[i] !== QUOTE) return -1;
  i = skipString(d, i, e);
  if (i < 0) return -1;
  i = wsEnd(d, i, e);
  if (i >= e || d[i] !== COLON) return -1;
  i = wsEnd(d, i + 1, e);
  return i < e ? i : -1;
}

/** Past the object or array whose bracket is at `i`, without recursion: a stack of brackets. */
export function skipComposite(d: Buffer, i: number, e: number): number {
  let depth = 0;
  for (;;) {
    // At the start of a value.
    const c = d[i];
    if (c === LBRACE || c === LBRACKET) {
      if (depth === MAX_DEPTH) return -1;
      stack[depth++] = c;
      i = wsEnd(d, i + 1, e);
      if (i < e && d[i] === c + 2) {
        // `{}` or `[]` (the closing bracket is two code points on).
        i++;
        depth--;
      } else {
        if (i >= e) return -1;
        if (c === LBRACE && (i = skipKey(d, i, e)) < 0) return -1;
        continue;
      }
    } else if ((i = skipScalar(d, i, e)) < 0) return -1;
    // After a value: close what ends here, or go on to the next element.
    for (;;) {
      if (depth === 0) return i;
      i = wsEnd(d, i, e);
      if (i >= e) return -1;
      const x = d[i]!;
      const open = stack[depth - 1]!;
      i++;
      if (x === COMMA) {
        i = wsEnd(d, i, e);
        if (i >= e) return -1;
        if (open === LBRACE && (i = skipKey(d, i, e)) < 0) return -1;
        break;
      }
      if (x !== open + 2) return -1;
      depth--;
    }
  }
}
