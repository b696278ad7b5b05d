/**
 * The JSON HTTP API (documented in docs/DASHBOARD.md). Each handler parses, calls one domain
 * function and returns its result; the rules live in the auth service, the hub and core.
 */
import { z } from "zod";
import { HistorySeriesSchema } from "../../core/api/history";
import { ShopSearchResponseSchema } from "../../core/api/shops";
import { buildBreakdown } from "../../core/live/breakdown";
import { buildOverview, summarizeEndpoint } from "../../core/live/overview";
import { findShopLoad } from "../../core/live/shop-view";
import { DurationTextSchema } from "../../core/time/duration";
import { accountRoutes } from "./account-routes";
import type { ApiDeps } from "./api-deps";
import { intParam, many } from "./query-params";
import { HttpError } from "./respond";
import { type Route, route } from "./route";
import { sessionRoutes } from "./session-routes";

export type { ApiDeps } from "./api-deps";

/** Epoch seconds, or an ISO-8601 date. */
const time = z.string().transform((s, ctx) => {
  const n = /^\d+$/.test(s) ? Number(s) : Date.parse(s) / 1000;
  if (!Number.isFinite(n)) {
    ctx.addIssue({ code: "custom", message: "epoch seconds or an ISO-8601 date" });
    return z.NEVER;
  }
  return Math.floor(n);
});

/**
 * Every JSON API route of the session, live and account parts, in their documented order: the
 * session (session-routes.ts), the live views and reference data (here), the tokens and users
 * (account-routes.ts).
 */
export function apiRoutes(d: ApiDeps): Route[] {
  return [...sessionRoutes(d), ...liveRoutes(d), ...accountRoutes(d)];
}

/** Status, history, overview, breakdowns, shops and endpoints: what a viewer reads. */
function liveRoutes(d: ApiDeps): Route[] {
  return [
    route("GET", "/api/v1/status", { access: "viewer" }, async () => ({
      body: { ...d.hub.feed(), instance: d.instanceId, now: Date.now() },
    })),

    route(
      "GET",
      "/api/v1/history",
      {
        access: "viewer",
        response: HistorySeriesSchema,
        // Each call reads snapshots over its span: a dashboard polls a few a minute.
        rateLimit: { perMinute: 120, burst: 30 },
        query: z.object({
          from: time.optional(),
          to: time.optional(),
          /** Seconds, or a duration like `15m`, `1h30m`, `1d` (core/time/duration.ts). */
          span: z
            .union([intParam, DurationTextSchema.transform((ms) => Math.floor(ms / 1000))])
            .pipe(
              z
                .number()
                .int()
                .min(10)
                .max(7 * 86_400, "at most 7 days (604800 s) per request"),
            )
            .optional(),
          maxPoints: intParam.pipe(z.number().int().min(10).max(2000)).optional(),
          shopId: many(intParam),
          group: z.string().min(1).max(64).optional(),
        }),
      },
      async ({ query }) => ({
        body: await d.history.get({
          from: query.from,
          to: query.to,
          spanSec: query.span,
          maxPoints: query.maxPoints,
          shopIds: query.shopId?.slice(0, 20),
          group: query.group,
        }),
      }),
    ),

    route("GET", "/api/v1/overview", { access: "viewer" }, async () => {
      const c = d.hub.combined();
      return { body: { overview: c ? buildOverview(c, d.hub.capacity()) : null } };
    }),

    route("GET", "/api/v1/breakdown/:dimension", { access: "viewer" }, async ({ params }) => {
      const dim = z.enum(["chain", "city"]).safeParse(params.dimension);
      if (!dim.success) throw new HttpError(404, "breakdowns exist by chain or city");
      const c = d.hub.combined();
      const cap = d.hub.capacity();
      return {
        body: {
          rows: c
            ? buildBreakdown(
                dim.data === "chain" ? c.byChain : c.byCity,
                dim.data === "chain" ? cap.byChain : cap.byCity,
                { shopsOver: c.shopsOver, dimension: dim.data },
              )
            : [],
        },
      };
    }),

    route(
      "GET",
      "/api/v1/shops",
      {
        access: "viewer",
        response: ShopSearchResponseSchema,
        query: z.object({
          q: z.string().max(200).default(""),
          limit: intParam.pipe(z.number().int().min(1).max(100)).default(20),
        }),
      },
      async ({ query }) => ({ body: { shops: await d.shops.search({ q: query.q, limit: query.limit }) } }),
    ),

    route("GET", "/api/v1/shops/:id", { access: "viewer" }, async ({ params }) => {
      const id = intParam.safeParse(params.id);
      if (!id.success) throw new HttpError(400, "shop id must be a non-negative integer");
      const shop = await d.shops.get(id.data);
      if (!shop) throw new HttpError(404, `no shop ${id.data}`);
      const c = d.hub.combined();
      return { body: { shop, live: c ? findShopLoad(c, id.data) : null } };
    }),

    route("GET", "/api/v1/endpoints", { access: "viewer" }, async () => {
      const live = new Map(
        (d.hub.combined()?.endpoints ?? []).map((e) => [e.endpoint, summarizeEndpoint(e)]),
      );
      const known = await d.shops.endpoints();
      const names = new Set([...known.map((e) => e.name), ...live.keys()]);
      return {
        body: {
          endpoints: [...names].sort().map((name) => {
            const ref = known.find((e) => e.name === name);
            return {
              name,
              capacityPerSecond: ref?.capacityPerSecond ?? null,
              baseLatencyMs: ref?.baseLatencyMs ?? null,
              live: live.get(name) ?? null,
            };
          }),
        },
      };
    }),
  ];
}
