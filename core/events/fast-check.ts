/**
 * A hand-written check equivalent to the Zod schemas, for the hot path: Zod's safeParse costs
 * several microseconds per event, this a fraction of one. It only ever accepts; anything it
 * does not accept goes through Zod, which gives the reason (and has the last word). A property
 * test (fast-check.test.ts) keeps the two in agreement.
 */
import type { ApiEvent } from "./api";
import type { DownloadEvent } from "./download";
import type { OrderEvent } from "./order";

type Obj = Record<string, unknown>;

const str = (v: unknown, max: number): boolean => typeof v === "string" && v.length >= 1 && v.length <= max;
const int = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v);
const num = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

function keysExactly(o: Obj, expected: number): boolean {
  let n = 0;
  for (const _ in o) n++;
  return n === expected;
}

export function isOrderEvent(o: Obj): o is OrderEvent {
  return (
    keysExactly(o, 11) &&
    o.v === 1 &&
    o.type === "order" &&
    str(o.id, 64) &&
    str(o.orderId, 64) &&
    str(o.userId, 64) &&
    int(o.shopId) &&
    o.shopId >= 0 &&
    str(o.chain, 64) &&
    str(o.city, 64) &&
    num(o.amount) &&
    o.amount >= 0 &&
    o.amount <= 10_000 &&
    (o.status === "created" || o.status === "accepted" || o.status === "made" || o.status === "failed") &&
    int(o.ts) &&
    o.ts > 0
  );
}

export function isDownloadEvent(o: Obj): o is DownloadEvent {
  return (
    keysExactly(o, 9) &&
    o.v === 1 &&
    o.type === "download" &&
    str(o.id, 64) &&
    str(o.userId, 64) &&
    (o.kind === "invite"
      ? str(o.inviterId, 64)
      : (o.kind === "install" || o.kind === "update") && o.inviterId === null) &&
    (o.platform === "ios" || o.platform === "android" || o.platform === "harmony") &&
    str(o.channel, 32) &&
    int(o.ts) &&
    o.ts > 0
  );
}

export function isApiEvent(o: Obj): o is ApiEvent {
  return (
    keysExactly(o, 9) &&
    o.v === 1 &&
    o.type === "api" &&
    str(o.id, 64) &&
    str(o.endpoint, 128) &&
    int(o.status) &&
    o.status >= 100 &&
    o.status <= 599 &&
    num(o.latencyMs) &&
    o.latencyMs >= 0 &&
    o.latencyMs <= 600_000 &&
    (o.status >= 400 ? str(o.errorClass, 64) : o.errorClass === null) &&
    typeof o.retry === "boolean" &&
    int(o.ts) &&
    o.ts > 0
  );
}
