import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decodeEvent } from "../events/decode";
import { generateReferenceData } from "../reference";
import { foreignMessage, foreignShopDirectory } from "../simulation/foreign";
import { createLaunch } from "../simulation/launch";
import { compileMapper, mapFailureReason, type SourceRecord } from "./mapper";
import { parseSources } from "./parse-sources";

const reference = generateReferenceData("mapper-test", 500);
const directory = foreignShopDirectory(reference);
const example = parseSources(readFileSync("sources.example.yaml", "utf8"), "sources.example.yaml");
const record = (
  value: string | null,
  key: string | null = null,
  headers: Record<string, string> = {},
  timestamp: number | null = null,
): SourceRecord => ({
  value,
  key,
  header: (n) => headers[n] ?? null,
  timestamp,
});
const kindOf = { orders: "orders", api: "api", downloads: "downloads" } as const;

describe("the example mapping", () => {
  it("maps every event of a simulated launch in the foreign shape to the native event", () => {
    const launch = createLaunch({ seed: "m", scale: 0.02, durationSec: 120, reference });
    const mappers = {
      orders: compileMapper(example.spec, "orders", directory),
      api: compileMapper(example.spec, "api", directory),
      downloads: compileMapper(example.spec, "downloads", directory),
    };
    let n = 0;
    for (let b = launch.next(); b; b = launch.next()) {
      for (const m of b.messages) {
        const native = decodeEvent(
          m.value,
          m.topic === "orders" ? "order" : m.topic === "api" ? "api" : "download",
        );
        const f = foreignMessage(m);
        expect(f.value).not.toBe(m.value);
        const mapped = mappers[kindOf[m.topic]](record(f.value, f.key));
        expect(mapped).toEqual(native);
        n++;
      }
    }
    expect(n).toBeGreaterThan(1000);
  }, 30_000);

  it("dead-letters what does not map with the field and the reason, and skips filtered records", () => {
    const orders = compileMapper(example.spec, "orders", directory);
    const base = JSON.parse(
      foreignMessage({
        topic: "orders",
        key: "1",
        value: JSON.stringify({
          v: 1,
          type: "order",
          id: "e",
          orderId: "o",
          userId: "u",
          shopId: 3,
          chain: "x",
          city: "y",
          amount: 25,
          status: "made",
          ts: 1_770_000_000_000,
        }),
      }).value,
    );
    const reason = (v: unknown) => {
      const r = orders(record(JSON.stringify(v)));
      return r.ok === false ? mapFailureReason("orders", r) : r.ok;
    };
    expect(reason(base)).toBe(true);
    expect(reason({ ...base, eventType: "ORDER_VIEWED" })).toBe("filtered");
    expect(reason({ ...base, order: { ...base.order, store: { code: "ST-999999" } } })).toBe(
      'mapping orders.shop: unknown external id "ST-999999"',
    );
    expect(reason({ ...base, occurredAt: "2026-02-06T10:00:00" })).toBe(
      'mapping orders.ts: bad time: "2026-02-06T10:00:00"',
    );
    // A day the month does not have is no time (Date.parse would roll it over to March).
    for (const t of ["2026-02-30T10:00:00+08:00", "2026-02-30T10:00:00Z", "2026-04-31 10:00Z"])
      expect(reason({ ...base, occurredAt: t })).toBe(`mapping orders.ts: bad time: "${t}"`);
    expect(reason({ ...base, order: { ...base.order, lines: [] } })).toBe("mapping orders.amount: missing");
    expect(orders(record("{nope"))).toMatchObject({ ok: false, field: "value", problem: "malformed JSON:" });
  });

  it("reads headers, the key, the record timestamp and constants; comparisons and a default", () => {
    const spec = parseSources(
      `api:
  topics: [gw]
  fields:
    id: { header: x-request-id }
    endpoint: { key: true }
    status: $.code
    latencyMs: { const: 5 }
    errorClass: { path: $.code, map: { ">= 500": server, ">= 400": client }, default: null }
    ts: { timestamp: true }
`,
      "s.yaml",
    ).spec;
    const api = compileMapper(spec, "api", directory);
    expect(api(record('{"code":503}', "GET /x", { "x-request-id": "r1" }, 1_770_000_000_000))).toEqual({
      ok: true,
      event: {
        v: 1,
        type: "api",
        id: "r1",
        endpoint: "GET /x",
        status: 503,
        latencyMs: 5,
        errorClass: "server",
        retry: false,
        ts: 1_770_000_000_000,
      },
    });
    const ok = api(record('{"code":200}', "GET /x", { "x-request-id": "r2" }, 1_770_000_000_000));
    expect(ok.ok === true && ok.event.type === "api" && ok.event.errorClass).toBe(null);
    const noHeader = api(record('{"code":200}', "GET /x", {}, 1));
    expect(noHeader).toMatchObject({ ok: false, field: "id", problem: "missing" });
  });
});

describe("sources file errors name the file, the line and the field", () => {
  const file = (status: string, path = "$.eventType", topics = "[acme.order-events]") => `orders:
  topics: ${topics}
  fields:
    id: $.eventId
    orderId: $.order.id
    userId: ${path}
    shop: $.order.store.code
    amount: $.order.lines[0].price
    status:
      path: $.eventType
      map: { ${status} }
    ts: { path: $.occurredAt, format: iso8601 }
`;
  const message = (text: string) => {
    try {
      parseSources(text, "sources.yaml");
    } catch (err) {
      return (err as Error).message;
    }
    return "no error";
  };
  it.each<[string, string, RegExp]>([
    [
      "unknown path syntax",
      file("ORDER_PAID: created", "$.order..user"),
      /sources\.yaml:6: orders\.fields\.userId\.path: unknown path syntax "\$\.order\.\.user"/,
    ],
    [
      "a status with no mapping",
      file("ORDER_PAID: paid"),
      /sources\.yaml:11: orders\.fields\.status\.map\.ORDER_PAID: "ORDER_PAID" maps to "paid", not one of created, accepted, made, failed/,
    ],
    [
      "an unknown field",
      `${file("ORDER_PAID: created")}    coupon: $.c\n`,
      /sources\.yaml:13: orders\.fields\.coupon: not a field of order events/,
    ],
    [
      "topics and a pattern",
      file("A: made", "$.u", "[a]\n  pattern: a.*"),
      /sources\.yaml:1: orders: needs exactly one of topics, pattern/,
    ],
  ])("%s", (_name, text, expected) => {
    expect(message(text)).toMatch(expected);
  });

  it("a status field without a map", () => {
    expect(message(file("ORDER_PAID: created").replace("      map: { ORDER_PAID: created }\n", ""))).toMatch(
      /sources\.yaml:9: orders\.fields\.status: needs a map/,
    );
  });
});

describe("times", () => {
  it("reads ISO-8601 with a zone on the fast path as Date.parse does, and refuses what has none", async () => {
    const { readTimestamp } = await import("./timestamp");
    for (const s of [
      "2026-02-06T10:00:00.123+08:00",
      "2026-02-06T10:00:00+08:00",
      "2026-02-06T02:00:00Z",
      "2026-02-06T02:00:00.5Z",
      "2026-02-06T10:00:00.123456+05:30",
      "2026-02-06T10:00:00-03:00",
      "2026-02-06 10:00:00+0800",
    ])
      expect([s, readTimestamp(s, "iso8601")]).toEqual([
        s,
        Date.parse(s.replace(" ", "T").replace("+0800", "+08:00")),
      ]);
    for (const s of ["2026-02-06T10:00:00", "yesterday", "2026-02-06T25:00:00Z"])
      expect(typeof readTimestamp(s, "iso8601")).toBe("string");
    expect(readTimestamp(1_770_343_200.123, "epoch_s")).toBe(1_770_343_200_123);
    expect(readTimestamp("1770343200123", "epoch_ms")).toBe(1_770_343_200_123);
  });
});
