/**
 * The byte-level decoder must give exactly what the reference decoder gives: the same event
 * (same fields, same key order, same numbers down to -0) or the same rejection reason, for
 * valid events, mutated bytes and hostile input.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeEvent, decodeEventAt, decodeJsonEvent, type EventType } from "./decode";
import { scanEvent } from "./scan";

const text = fc.oneof(
  fc.string({ minLength: 0, maxLength: 70 }),
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 }),
  fc.string({ unit: "binary", minLength: 1, maxLength: 40 }),
  fc.constantFrom("Heytea", "Luckin", "Nayuki's Tea", "上海", "POST /order/create", "o1-c", "x".repeat(64)),
);
const number = fc.oneof(
  fc.integer({ min: -5, max: 700_000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(
    0,
    -0,
    1,
    25,
    25.5,
    1e21,
    1_770_343_200_123,
    Number.MAX_SAFE_INTEGER,
    2 ** 53 + 2,
    599,
    600,
  ),
);

const order = fc.record({
  v: fc.constantFrom(1, 1, 1, 2),
  type: fc.constant("order"),
  id: text,
  orderId: text,
  userId: text,
  shopId: number,
  chain: text,
  city: text,
  amount: number,
  status: fc.constantFrom("created", "accepted", "made", "failed", "made ", "Made"),
  ts: number,
});
const api = fc.record({
  v: fc.constantFrom(1, 1, 1, 0),
  type: fc.constant("api"),
  id: text,
  endpoint: text,
  status: fc.oneof(fc.constantFrom(200, 399, 400, 503, 99, 600), number),
  latencyMs: number,
  errorClass: fc.oneof(fc.constant(null), text),
  retry: fc.oneof(fc.boolean(), fc.constant(null)),
  ts: number,
});
const download = fc.record({
  v: fc.constant(1),
  type: fc.constant("download"),
  id: text,
  userId: text,
  kind: fc.constantFrom("install", "update", "invite", "refund"),
  inviterId: fc.oneof(fc.constant(null), text),
  platform: fc.constantFrom("ios", "android", "harmony", "web"),
  channel: text,
  ts: number,
});
const name = fc.oneof(
  fc.string({ minLength: 1, maxLength: 20 }),
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 10 }),
  fc.constantFrom("Heytea", "上海", "POST /order/create", "o1-c"),
);
const positive = fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER });
/** Events that mostly decode, so that byte edits land in accepted shapes. */
const validEvent = fc.oneof(
  fc.record({
    v: fc.constant(1),
    type: fc.constant("order"),
    id: name,
    orderId: name,
    userId: name,
    shopId: fc.nat(),
    chain: name,
    city: name,
    amount: fc.oneof(fc.constant(25), fc.double({ min: 0, max: 10_000, noNaN: true })),
    status: fc.constantFrom("created", "accepted", "made", "failed"),
    ts: positive,
  }),
  fc.record({
    v: fc.constant(1),
    type: fc.constant("api"),
    id: name,
    endpoint: name,
    status: fc.constant(200),
    latencyMs: fc.double({ min: 0, max: 600_000, noNaN: true }),
    errorClass: fc.constant(null),
    retry: fc.boolean(),
    ts: positive,
  }),
  fc.record({
    v: fc.constant(1),
    type: fc.constant("download"),
    id: name,
    userId: name,
    kind: fc.constant("invite"),
    inviterId: name,
    platform: fc.constantFrom("ios", "android", "harmony"),
    channel: name,
    ts: positive,
  }),
);
const event = fc.oneof(order, api, download, validEvent);
const expected = fc.constantFrom<EventType | undefined>(undefined, "order", "api", "download");

/** Same verdict, same reason, same event down to key order and the sign of zero. */
function expectSame(value: Buffer, type: EventType | undefined) {
  const fast = decodeEvent(value, type);
  const reference = decodeJsonEvent(value, type);
  expect(fast).toStrictEqual(reference);
  // Inside a larger buffer (a fetched batch), with bytes around it that would extend a number
  // or close an object if the reader looked past the message's end.
  const framed = Buffer.concat([Buffer.from('9{"'), value, Buffer.from("7}")]);
  expect(decodeEventAt(framed, 3, 3 + value.length, type)).toStrictEqual(reference);
  if (fast.ok && reference.ok) {
    expect(Object.keys(fast.event)).toEqual(Object.keys(reference.event));
    for (const [k, v] of Object.entries(fast.event)) {
      expect(Object.is(v, (reference.event as Record<string, unknown>)[k])).toBe(true);
    }
  }
}

/** Byte-level edits: replace, insert, delete, and splices of JSON punctuation and odd bytes. */
const edit = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom("replace", "insert", "delete", "splice"),
  byte: fc.integer({ min: 0, max: 255 }),
  splice: fc.constantFrom(
    " ",
    "\\",
    '\\"',
    "\\u0041",
    '"',
    ",",
    ":",
    "{",
    "}",
    "\n",
    "\u0000",
    "\ufeff",
    ".0",
    "e1",
    "-",
    "0",
    '"__proto__":1,',
    '"extra":1,',
    '"id":"dup",',
  ),
});

function mutate(
  value: Buffer,
  edits: Array<fc.RecordValue<{ at: number; kind: string; byte: number; splice: string }>>,
) {
  let b: Buffer = value;
  for (const e of edits) {
    const at = b.length === 0 ? 0 : e.at % (b.length + 1);
    if (e.kind === "replace" && at < b.length) {
      b = Buffer.from(b);
      b[at] = e.byte;
    } else if (e.kind === "insert")
      b = Buffer.concat([b.subarray(0, at), Buffer.from([e.byte]), b.subarray(at)]);
    else if (e.kind === "delete") b = Buffer.concat([b.subarray(0, at), b.subarray(at + 1)]);
    else b = Buffer.concat([b.subarray(0, at), Buffer.from(e.splice), b.subarray(at)]);
  }
  return b;
}

describe("byte-level decoder", () => {
  it("takes the fast path for the producers' own encoding", () => {
    const value = Buffer.from(
      JSON.stringify({
        v: 1,
        type: "order",
        id: "o1-c",
        orderId: "o1",
        userId: "u1",
        shopId: 42,
        chain: "Heytea",
        city: "上海",
        amount: 25,
        status: "created",
        ts: 1_770_343_200_123,
      }),
    );
    expect(scanEvent(value, "order")).toEqual(JSON.parse(value.toString()));
    expect(scanEvent(value, "api")).toBeNull();
    expect(scanEvent(Buffer.from(` ${value.toString()}`))).toBeNull();
  });

  it("equals the reference decoder on generated events", () => {
    fc.assert(
      fc.property(event, expected, (e, type) => expectSame(Buffer.from(JSON.stringify(e)), type)),
      { numRuns: 3000 },
    );
  }, 60_000);

  it("accepts valid events on the fast path (the property above is not vacuous)", () => {
    let fast = 0;
    let valid = 0;
    fc.assert(
      fc.property(event, (e) => {
        const value = Buffer.from(JSON.stringify(e));
        if (!decodeJsonEvent(value).ok) return;
        valid++;
        const ascii = /^[\x20-\x7e]*$/.test(JSON.stringify(e)) && !JSON.stringify(e).includes("\\");
        if (scanEvent(value) !== null) fast++;
        else expect(ascii).toBe(false);
      }),
      { numRuns: 3000 },
    );
    expect(valid).toBeGreaterThan(30);
    expect(fast).toBeGreaterThan(0);
  });

  it("equals the reference decoder on mutated bytes", () => {
    fc.assert(
      fc.property(validEvent, fc.array(edit, { minLength: 1, maxLength: 3 }), expected, (e, edits, type) =>
        expectSame(mutate(Buffer.from(JSON.stringify(e)), edits), type),
      ),
      { numRuns: 8000 },
    );
  }, 60_000);

  it("equals the reference decoder on hostile input", () => {
    const valid = JSON.stringify({
      v: 1,
      type: "download",
      id: "d1",
      userId: "u1",
      kind: "invite",
      inviterId: "u2",
      platform: "ios",
      channel: "share_link",
      ts: 5,
    });
    const hostile: Array<Buffer> = [
      Buffer.alloc(0),
      Buffer.from("{}"),
      Buffer.from("[1,2]"),
      Buffer.from("42"),
      Buffer.from('{"v":1,"type":"order"}'),
      Buffer.from(`\ufeff${valid}`),
      Buffer.from(`${valid} `),
      Buffer.from(`${valid}}`),
      Buffer.from(valid.replace('"d1"', '"d\\u0031"')),
      Buffer.from(valid.replace('"ts":5', '"ts":5.0')),
      Buffer.from(valid.replace('"ts":5', '"ts":05')),
      Buffer.from(valid.replace('"ts":5', '"ts":-0')),
      Buffer.from(valid.replace('"ts":5', '"ts":1e400')),
      Buffer.from(valid.replace('"ts":5', '"ts":5e0')),
      Buffer.from(valid.replace('"u1"', '"u\n1"')),
      Buffer.from(valid.replace('"u1"', '"u\u00001"')),
      Buffer.from(valid.replace('"inviterId":"u2"', '"inviterId":nul')),
      Buffer.from(valid.replace('"channel"', '"channel":"x","channel"')),
      Buffer.from(valid.replace("{", '{"__proto__":{"x":1},')),
      Buffer.alloc(16 * 1024 + 1, 0x20),
      // Invalid UTF-8 inside a string: lone continuation, overlong, surrogate, past U+10FFFF, truncated.
      ...[[0x80], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe4, 0xb8]].map((seq) => {
        const [head, tail] = valid.split("share_link");
        return Buffer.concat([Buffer.from(head!), Buffer.from(seq), Buffer.from(tail!)]);
      }),
      // Valid multi-byte UTF-8, and a BOM inside a value (kept, unlike one at the start).
      Buffer.from(valid.replace("share_link", "分享\u{1f375}")),
      Buffer.from(valid.replace("share_link", "\ufeffx")),
    ];
    const order =
      '{"v":1,"type":"order","id":"e","orderId":"o","userId":"u","shopId":3,"chain":"Heytea","city":"Wuhan","amount":25,"status":"made","ts":17}';
    for (const [from, to] of [
      ['"shopId":3', '"shopId":-0'],
      ['"amount":25', '"amount":-0'],
      ['"amount":25', '"amount":-0.0'],
      ['"amount":25', '"amount":2.5e1'],
      ['"amount":25', '"amount":1E-7'],
      ['"amount":25', '"amount":0.1000000000000000055511151231257827'],
      ['"shopId":3', '"shopId":9007199254740993'],
    ]) {
      hostile.push(Buffer.from(order.replace(from!, to!)));
    }
    for (const value of hostile) {
      for (const type of [undefined, "order", "api", "download"] as const) expectSame(value, type);
    }
  });
});
