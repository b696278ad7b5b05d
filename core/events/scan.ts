/**
 * A byte-level decoder for the shape producers send (`JSON.stringify` of an event: no
 * whitespace, keys in schema order, no escapes): it reads the message's bytes directly instead
 * of decoding UTF-8 to a string and running `JSON.parse`, and reuses one string for every
 * repeat of a low-cardinality value (chain, city, endpoint, enums). Anything else, and anything
 * the fast checks refuse, is left to the full decoder (`decodeJsonEvent`), which has the last
 * word and names the reason. A property test (scan.test.ts) holds the two to the same result.
 */

import { isApiEvent, isDownloadEvent, isOrderEvent } from "./fast-check";
import { createInterner } from "./intern";
import { jsonNumberEnd, jsonNumberValue } from "./json-number";
import type { LaunchEvent } from "./launch-event";
import { wellFormedUtf8 } from "./utf8";

const enc = new TextEncoder();
const bytes = (s: string): Uint8Array => enc.encode(s);

const PREFIX = bytes('{"v":1,"type":"');
const TYPE_ORDER = bytes('order",');
const TYPE_API = bytes('api",');
const TYPE_DOWNLOAD = bytes('download",');

const K = {
  id: bytes('"id":'),
  orderId: bytes(',"orderId":'),
  userId: bytes(',"userId":'),
  shopId: bytes(',"shopId":'),
  chain: bytes(',"chain":'),
  city: bytes(',"city":'),
  amount: bytes(',"amount":'),
  status: bytes(',"status":'),
  ts: bytes(',"ts":'),
  endpoint: bytes(',"endpoint":'),
  latencyMs: bytes(',"latencyMs":'),
  errorClass: bytes(',"errorClass":'),
  retry: bytes(',"retry":'),
  kind: bytes(',"kind":'),
  inviterId: bytes(',"inviterId":'),
  platform: bytes(',"platform":'),
  channel: bytes(',"channel":'),
};

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
/** Returned by the readers for "not the expected shape": the caller falls back. */
const MISS = -1;

/** Cursor and last value read; module-level so the hot path allocates nothing for it. */
let pos = 0;
/** End of the message being read (exclusive): messages may sit inside a larger buffer. */
let end = 0;
let strStart = 0;
let strEnd = 0;
let strAscii = true;
let numValue = 0;

function expect(b: Uint8Array, lit: Uint8Array): boolean {
  const n = lit.length;
  if (pos + n > end) return false;
  for (let i = 0; i < n; i++) if (b[pos + i] !== lit[i]) return false;
  pos += n;
  return true;
}

/** Reads a string without escapes or control characters; bounds into strStart/strEnd. */
function readString(b: Uint8Array): boolean {
  if (b[pos] !== QUOTE) return false;
  const start = pos + 1;
  let ascii = true;
  for (let i = start; i < end; i++) {
    const c = b[i]!;
    if (c === QUOTE) {
      strStart = start;
      strEnd = i;
      strAscii = ascii;
      pos = i + 1;
      return ascii || wellFormedUtf8(b, start, i);
    }
    if (c < 0x20 || c === BACKSLASH) return false;
    if (c >= 0x80) ascii = false;
  }
  return false;
}

function sliceString(b: Buffer): string {
  return b.toString(strAscii ? "latin1" : "utf8", strStart, strEnd);
}

/** Reads a JSON number (strict grammar) into numValue. */
function readNumber(b: Buffer): boolean {
  // Fast path, the producers' usual number: a positive integer of at most 15 digits (exact in a
  // double) followed by `,` or `}`. Anything else takes the full grammar below.
  let c = pos < end ? b[pos]! : 0;
  if (c >= 0x31 && c <= 0x39) {
    let j = pos + 1;
    let n = c - 0x30;
    while (j < end) {
      c = b[j]!;
      if (c < 0x30 || c > 0x39) break;
      n = n * 10 + (c - 0x30);
      j++;
    }
    if (j < end && j - pos <= 15 && (c === 0x2c || c === 0x7d)) {
      numValue = n;
      pos = j;
      return true;
    }
  }
  const stop = jsonNumberEnd(b, pos, end);
  if (stop < 0) return false;
  numValue = jsonNumberValue(b, pos, stop);
  pos = stop;
  return true;
}

const TRUE = bytes("true");
const FALSE = bytes("false");
const NULL = bytes("null");

const interned = createInterner({ slots: 4096, maxBytes: 64 });

/** A value of a field with few distinct values: the same string object for every repeat. */
function readInterned(b: Buffer): string | null {
  if (!readString(b)) return null;
  return interned.get(b, strStart, strEnd) ?? interned.put(b, strStart, strEnd, sliceString(b));
}

function readFresh(b: Buffer): string | null {
  return readString(b) ? sliceString(b) : null;
}

function readNullable(b: Buffer, intern: boolean): string | null | typeof MISS {
  if (b[pos] === 0x6e) return expect(b, NULL) ? null : MISS;
  const s = intern ? readInterned(b) : readFresh(b);
  return s === null ? MISS : s;
}

function readBool(b: Buffer): boolean | null {
  if (b[pos] === 0x74) return expect(b, TRUE) ? true : null;
  return expect(b, FALSE) ? false : null;
}

function readNum(b: Buffer): number | null {
  return readNumber(b) ? numValue : null;
}

function scanOrder(b: Buffer): LaunchEvent | null {
  if (!expect(b, K.id)) return null;
  const id = readFresh(b);
  if (id === null || !expect(b, K.orderId)) return null;
  const orderId = readFresh(b);
  if (orderId === null || !expect(b, K.userId)) return null;
  const userId = readFresh(b);
  if (userId === null || !expect(b, K.shopId)) return null;
  const shopId = readNum(b);
  if (shopId === null || !expect(b, K.chain)) return null;
  const chain = readInterned(b);
  if (chain === null || !expect(b, K.city)) return null;
  const city = readInterned(b);
  if (city === null || !expect(b, K.amount)) return null;
  const amount = readNum(b);
  if (amount === null || !expect(b, K.status)) return null;
  const status = readInterned(b);
  if (status === null || !expect(b, K.ts)) return null;
  const ts = readNum(b);
  if (ts === null) return null;
  const e = { v: 1, type: "order", id, orderId, userId, shopId, chain, city, amount, status, ts };
  return isOrderEvent(e) ? e : null;
}

function scanApi(b: Buffer): LaunchEvent | null {
  if (!expect(b, K.id)) return null;
  const id = readFresh(b);
  if (id === null || !expect(b, K.endpoint)) return null;
  const endpoint = readInterned(b);
  if (endpoint === null || !expect(b, K.status)) return null;
  const status = readNum(b);
  if (status === null || !expect(b, K.latencyMs)) return null;
  const latencyMs = readNum(b);
  if (latencyMs === null || !expect(b, K.errorClass)) return null;
  const errorClass = readNullable(b, true);
  if (errorClass === MISS || !expect(b, K.retry)) return null;
  const retry = readBool(b);
  if (retry === null || !expect(b, K.ts)) return null;
  const ts = readNum(b);
  if (ts === null) return null;
  const e = { v: 1, type: "api", id, endpoint, status, latencyMs, errorClass, retry, ts };
  return isApiEvent(e) ? e : null;
}

function scanDownload(b: Buffer): LaunchEvent | null {
  if (!expect(b, K.id)) return null;
  const id = readFresh(b);
  if (id === null || !expect(b, K.userId)) return null;
  const userId = readFresh(b);
  if (userId === null || !expect(b, K.kind)) return null;
  const kind = readInterned(b);
  if (kind === null || !expect(b, K.inviterId)) return null;
  const inviterId = readNullable(b, false);
  if (inviterId === MISS || !expect(b, K.platform)) return null;
  const platform = readInterned(b);
  if (platform === null || !expect(b, K.channel)) return null;
  const channel = readInterned(b);
  if (channel === null || !expect(b, K.ts)) return null;
  const ts = readNum(b);
  if (ts === null) return null;
  const e = { v: 1, type: "download", id, userId, kind, inviterId, platform, channel, ts };
  return isDownloadEvent(e) ? e : null;
}

/**
 * Decodes a message in the producers' exact shape, or returns null: then the caller must use
 * the full decoder (which either accepts the same event or names why not). Only accepts what
 * the full decoder accepts, with an equal result.
 */
export function scanEvent(b: Buffer, expected?: LaunchEvent["type"]): LaunchEvent | null {
  return scanEventAt(b, 0, b.length, expected);
}

/** {@link scanEvent} of the message `b[start, stop)` (a value inside a fetched batch). */
export function scanEventAt(
  b: Buffer,
  start: number,
  stop: number,
  expected?: LaunchEvent["type"],
): LaunchEvent | null {
  pos = start;
  end = stop;
  if (!expect(b, PREFIX)) return null;
  let e: LaunchEvent | null;
  if (expect(b, TYPE_ORDER)) e = expected === undefined || expected === "order" ? scanOrder(b) : null;
  else if (expect(b, TYPE_API)) e = expected === undefined || expected === "api" ? scanApi(b) : null;
  else if (expect(b, TYPE_DOWNLOAD))
    e = expected === undefined || expected === "download" ? scanDownload(b) : null;
  else return null;
  // The closing brace must end the message.
  return e !== null && pos === end - 1 && b[pos] === 0x7d ? e : null;
}
