/** The fast checks must never accept what the Zod schemas reject (and should accept what they accept). */
import { describe, expect, it } from "vitest";
import { ApiEventSchema } from "./api";
import { DownloadEventSchema } from "./download";
import { isApiEvent, isDownloadEvent, isOrderEvent } from "./fast-check";
import { OrderEventSchema } from "./order";

const base = {
  order: {
    v: 1,
    type: "order",
    id: "e",
    orderId: "o",
    userId: "u",
    shopId: 3,
    chain: "Heytea",
    city: "Wuhan",
    amount: 25,
    status: "made",
    ts: 17,
  },
  download: {
    v: 1,
    type: "download",
    id: "d",
    userId: "u",
    kind: "invite",
    inviterId: "x",
    platform: "harmony",
    channel: "share",
    ts: 9,
  },
  api: {
    v: 1,
    type: "api",
    id: "a",
    endpoint: "GET /x",
    status: 429,
    latencyMs: 12.5,
    errorClass: "rate_limited",
    retry: false,
    ts: 5,
  },
} as const;

const oddValues: unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1,
  1.5,
  400,
  599,
  600,
  99,
  10_000,
  10_001,
  600_000,
  600_001,
  Number.MAX_SAFE_INTEGER + 2,
  "",
  "x",
  "x".repeat(32),
  "x".repeat(33),
  "x".repeat(64),
  "x".repeat(65),
  "x".repeat(128),
  "x".repeat(129),
  "created",
  "accepted",
  "made",
  "failed",
  "install",
  "update",
  "invite",
  "ios",
  "android",
  "web",
  "order",
  "api",
  "download",
  [],
  {},
];

function* mutations(event: Record<string, unknown>) {
  for (const key of Object.keys(event)) {
    for (const v of oddValues) yield { ...event, [key]: v };
    const { [key]: _, ...without } = event;
    yield without;
  }
  yield { ...event, extra: 1 };
}

describe("fast checks agree with the Zod schemas", () => {
  const cases = [
    ["order", isOrderEvent, OrderEventSchema],
    ["download", isDownloadEvent, DownloadEventSchema],
    ["api", isApiEvent, ApiEventSchema],
  ] as const;
  for (const [name, fast, schema] of cases) {
    it(`${name}: every mutation gets the same verdict`, () => {
      let accepted = 0;
      let total = 0;
      for (const m of mutations(base[name])) {
        const zod = schema.safeParse(m).success;
        expect({ m, fast: fast(m as Record<string, unknown>) }).toEqual({ m, fast: zod });
        total++;
        if (zod) accepted++;
      }
      expect(accepted).toBeGreaterThan(5);
      expect(total - accepted).toBeGreaterThan(50);
    });
  }
  it("download and api pairings: both directions", () => {
    for (const kind of ["install", "update", "invite"]) {
      for (const inviterId of [null, "u1"]) {
        const m = { ...base.download, kind, inviterId };
        expect(isDownloadEvent(m)).toBe(DownloadEventSchema.safeParse(m).success);
      }
    }
    for (const status of [200, 399, 400, 503]) {
      for (const errorClass of [null, "boom"]) {
        const m = { ...base.api, status, errorClass };
        expect(isApiEvent(m)).toBe(ApiEventSchema.safeParse(m).success);
      }
    }
  });
});
