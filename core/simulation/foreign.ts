/**
 * The "foreign" shape: the same launch as a company's own feeds would carry it, for exercising
 * a source mapping end to end (`npm run simulate -- --shape foreign`, mapped by the shipped
 * `sources.example.yaml`). Orders come from an order service (nested objects, an array of
 * lines, ISO-8601 times at +08:00, its own status names, the store's code instead of a shop id,
 * a trace id Launchwatch does not use); API requests from a gateway log (epoch seconds, an
 * attempt number instead of a retry flag, the endpoint only in the key); downloads from an app
 * store feed (its own names for kinds and platforms). Messages that are not events (chaos)
 * pass unchanged.
 */
import type { ApiEvent } from "../events/api";
import type { DownloadEvent } from "../events/download";
import type { OrderEvent } from "../events/order";
import type { ReferenceData } from "../reference";
import type { ShopDirectory, ShopIdentity } from "../sources/mapper";
import type { WireMessage } from "./wire";

/** The store code of a shop as the example company spells it (`shops.external_id`). */
export const externalShopCode = (shopId: number): string => `ST-${String(shopId).padStart(6, "0")}`;

const orderStatus = {
  created: "ORDER_PAID",
  accepted: "ORDER_ACCEPTED",
  made: "ORDER_COMPLETED",
  failed: "ORDER_CANCELLED",
};
const downloadKind = { install: "INSTALL", update: "UPGRADE", invite: "REFERRAL" };
const platformName = { ios: "iOS", android: "Android", harmony: "HarmonyOS" };
const errorName: Record<string, string> = {
  overload_503: "OVERLOADED",
  timeout: "TIMEOUT",
  upstream_5xx: "UPSTREAM",
};

/** `2026-02-06T10:00:00.123+08:00`: the event time at the company's own offset. */
export function isoAt8(ms: number): string {
  return `${new Date(ms + 8 * 3600_000).toISOString().slice(0, -1)}+08:00`;
}

function order(e: OrderEvent): WireMessage {
  const code = externalShopCode(e.shopId);
  const value = {
    eventId: e.id,
    eventType: orderStatus[e.status],
    occurredAt: isoAt8(e.ts),
    order: {
      id: e.orderId,
      customer: { id: e.userId },
      store: { code, brand: e.chain, city: e.city },
      lines: [{ sku: "voucher-milk-tea", price: e.amount }],
    },
    traceId: `t-${e.id}`,
  };
  return { topic: "orders", key: code, value: JSON.stringify(value) };
}

function api(e: ApiEvent): WireMessage {
  const value = {
    request: { id: e.id, attempt: e.retry ? 1 : 0 },
    response: {
      code: e.status,
      error: e.errorClass === null ? null : (errorName[e.errorClass] ?? e.errorClass),
      durationMs: e.latencyMs,
    },
    time: e.ts / 1000,
  };
  return { topic: "api", key: e.endpoint, value: JSON.stringify(value) };
}

function download(e: DownloadEvent): WireMessage {
  const value = {
    install: {
      id: e.id,
      user: e.userId,
      type: downloadKind[e.kind],
      referrer: e.inviterId,
      os: platformName[e.platform],
      source: e.channel,
    },
    ts: e.ts,
  };
  return { topic: "downloads", key: e.userId, value: JSON.stringify(value) };
}

/** The message in the foreign shape (chaos that is not an event of ours passes unchanged). */
export function foreignMessage(m: WireMessage): WireMessage {
  let e: { v?: unknown; type?: unknown; ts?: unknown };
  try {
    e = JSON.parse(m.value);
  } catch {
    return m;
  }
  if (e === null || typeof e !== "object" || e.v !== 1 || typeof e.ts !== "number") return m;
  if (e.type === "order") return order(e as OrderEvent);
  if (e.type === "api") return api(e as ApiEvent);
  if (e.type === "download") return download(e as DownloadEvent);
  return m;
}

/**
 * The shops of generated reference data as a source mapping finds them: by id, and by the
 * example company's store code (what `shops.external_id` holds after `--shops FILE.csv`).
 */
export function foreignShopDirectory(ref: ReferenceData): ShopDirectory {
  const s = ref.shops;
  const byId: ShopIdentity[] = Array.from({ length: s.count }, (_, id) => ({
    id,
    chain: s.chains[s.chainIndex[id]!]!,
    city: s.cities[s.cityIndex[id]!]!,
  }));
  const byCode = new Map(byId.map((shop) => [externalShopCode(shop.id), shop]));
  return { byId: (id) => byId[id], byExternalId: (code) => byCode.get(code) };
}
