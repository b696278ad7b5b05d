/**
 * Decoding raw Kafka message values into typed events. Never throws: bad input comes back with a
 * reason, which the worker puts on the dead-letter topic.
 */
import type { z } from "zod";
import { ApiEventSchema } from "./api";
import { DownloadEventSchema } from "./download";
import { isApiEvent, isDownloadEvent, isOrderEvent } from "./fast-check";
import type { EventType, LaunchEvent } from "./launch-event";
import { OrderEventSchema } from "./order";
import { scanEvent, scanEventAt } from "./scan";

export type { EventType, LaunchEvent } from "./launch-event";

/**
 * `extra`: names of fields the event carried beyond the contract (accepted and ignored, so a
 * producer adding a trace id does not dead-letter a launch; the worker counts them per name).
 */
export type DecodeResult = { ok: true; event: LaunchEvent; extra?: string[] } | { ok: false; reason: string };

const schemas: Record<EventType, z.ZodType<LaunchEvent>> = {
  order: OrderEventSchema,
  download: DownloadEventSchema,
  api: ApiEventSchema,
};

/** The contract's fields per type; anything else is an extra field. */
const knownFields: Record<EventType, ReadonlySet<string>> = {
  order: new Set(Object.keys(OrderEventSchema.shape)),
  download: new Set(Object.keys(DownloadEventSchema.shape)),
  api: new Set(Object.keys(ApiEventSchema.shape)),
};

const utf8 = new TextDecoder();

/** Largest accepted message; anything bigger is not an event of ours. */
export const maxEventBytes = 16 * 1024;

/**
 * Decodes one message value. `expected` is the type the topic carries; an event of another type
 * on that topic is rejected rather than silently counted elsewhere. A Buffer in the producers'
 * own shape is read byte by byte (scan.ts); anything else goes through {@link decodeJsonEvent}.
 */
export function decodeEvent(value: Uint8Array | string | null, expected?: EventType): DecodeResult {
  if (value !== null && value.length > 0 && value.length <= maxEventBytes && Buffer.isBuffer(value)) {
    const event = scanEvent(value, expected);
    if (event !== null) return { ok: true, event };
  }
  return decodeJsonEvent(value, expected);
}

/**
 * {@link decodeEvent} of the message `data[start, end)`, a value inside a larger buffer (a
 * fetched batch); `start` -1 is a null value. Nothing is copied unless the full decoder is needed.
 */
export function decodeEventAt(data: Buffer, start: number, end: number, expected?: EventType): DecodeResult {
  if (start < 0) return decodeJsonEvent(null, expected);
  if (end > start && end - start <= maxEventBytes) {
    const event = scanEventAt(data, start, end, expected);
    if (event !== null) return { ok: true, event };
  }
  return decodeJsonEvent(data.subarray(start, end), expected);
}

/**
 * The reference decoder: UTF-8, `JSON.parse`, the fast checks, then Zod for the reason. Accepts
 * any JSON spelling of an event (whitespace, escapes, key order).
 */
export function decodeJsonEvent(value: Uint8Array | string | null, expected?: EventType): DecodeResult {
  if (value === null || value.length === 0) return { ok: false, reason: "empty message" };
  if (value.length > maxEventBytes)
    return { ok: false, reason: `message larger than ${maxEventBytes} bytes` };
  let raw: unknown;
  try {
    raw = JSON.parse(typeof value === "string" ? value : utf8.decode(value));
  } catch (err) {
    return { ok: false, reason: `malformed JSON: ${(err as Error).message}` };
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return { ok: false, reason: "not a JSON object" };
  }
  const type = (raw as { type?: unknown }).type;
  if (type !== "order" && type !== "download" && type !== "api") {
    return { ok: false, reason: `unknown event type ${JSON.stringify(type)}` };
  }
  if (expected && type !== expected) return { ok: false, reason: `${type} event on the ${expected} topic` };
  let obj = raw as Record<string, unknown>;
  if (fastCheck(type, obj)) return { ok: true, event: obj as LaunchEvent };
  const version = obj.v;
  if (version !== 1)
    return { ok: false, reason: `unsupported ${type} event version ${JSON.stringify(version)}` };
  // Forward compatible: fields beyond the contract are named and dropped, the rest is checked.
  let extra: string[] | undefined;
  const known = knownFields[type];
  for (const k in obj) if (!known.has(k)) (extra ??= []).push(k);
  if (extra) {
    const kept: Record<string, unknown> = {};
    for (const k in obj) if (known.has(k)) kept[k] = obj[k];
    obj = kept;
    if (fastCheck(type, obj)) return { ok: true, event: obj as LaunchEvent, extra };
  }
  const parsed = schemas[type].safeParse(obj);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      reason: `invalid ${type} event: ${issue?.path.join(".") || "(root)"}: ${issue?.message}`,
    };
  }
  return extra ? { ok: true, event: parsed.data, extra } : { ok: true, event: parsed.data };
}

const fastCheck = (type: EventType, o: Record<string, unknown>): boolean =>
  type === "order" ? isOrderEvent(o) : type === "api" ? isApiEvent(o) : isDownloadEvent(o);

/** Encodes an event for the wire (JSON, UTF-8). */
export function encodeEvent(event: LaunchEvent): Buffer {
  return Buffer.from(JSON.stringify(event));
}
