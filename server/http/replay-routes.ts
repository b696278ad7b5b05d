/**
 * The replay part of the JSON API (docs/DASHBOARD.md): list, start, read a replay and download
 * its report as CSV. Playback itself goes over the socket (shared by every viewer).
 */

import { z } from "zod";
import type { ReplayStore } from "../../adapters/db/replay-store";
import {
  ReplayCancelResponseSchema,
  ReplayCreatedResponseSchema,
  ReplayResponseSchema,
  ReplaysResponseSchema,
  ReplayTimelineResponseSchema,
} from "../../core/api/replays";
import { parseCapacityOverrides } from "../../core/replay/capacity-overrides";
import { ReplayIdSchema } from "../../core/replay/replay-info";
import { parseRuleOverrides } from "../../core/replay/rule-overrides";
import { summaryToCsv } from "../../core/replay/summary";
import { ReplayBusyError, type ReplayLauncher } from "../replay/replay-launcher";
import { ReplayNotReadyError, type ReplaySessions } from "../replay/replay-sessions";
import { HttpError } from "./respond";
import { type Route, route } from "./route";

/** Epoch ms, or an ISO-8601 date. */
const timeMs = z.union([z.number().int().nonnegative(), z.string()]).transform((v, ctx) => {
  const n = typeof v === "number" ? v : /^\d+$/.test(v) ? Number(v) : Date.parse(v);
  if (!Number.isFinite(n)) {
    ctx.addIssue({ code: "custom", message: "epoch milliseconds or an ISO-8601 date" });
    return z.NEVER;
  }
  return Math.floor(n);
});

/** What-if overrides as text, parsed with `parse`; what it throws is the field's issue (the 400 says it). */
const overridesText = <T>(parse: (text: string) => T) =>
  z
    .string()
    .max(2000)
    .default("")
    .transform((text, ctx) => {
      try {
        return parse(text);
      } catch (err) {
        ctx.addIssue({ code: "custom", message: err instanceof Error ? err.message : String(err) });
        return z.NEVER;
      }
    });

export const CreateReplayBodySchema = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    /** `kafka` re-aggregates the raw events (what-ifs need it); `snapshots` plays the live snapshots. */
    source: z.enum(["kafka", "snapshots"]).default("kafka"),
    from: timeMs.optional(),
    to: timeMs.optional(),
    /** What-if capacities, e.g. `shops=2x; chain:Heytea=1.5x; endpoint:POST /order/create=2x`. */
    capacity: overridesText(parseCapacityOverrides),
    /** What-if rules, e.g. `rule:shop-over-capacity.for=5m; rule:download-surge.enabled=false`. */
    rules: overridesText(parseRuleOverrides),
    /** The replay a what-if is compared with. */
    baselineId: ReplayIdSchema.optional(),
    /** Re-aggregation processes (Kafka replays). */
    workers: z.number().int().min(1).max(4).default(2),
  })
  .refine((b) => b.from === undefined || b.to === undefined || b.from < b.to, {
    message: "from must be before to",
    path: ["from"],
  });

export function replayRoutes({
  store,
  launcher,
  sessions,
}: {
  store: ReplayStore;
  launcher: ReplayLauncher;
  sessions: ReplaySessions;
}): Route[] {
  const find = async (id: string) => {
    if (!ReplayIdSchema.safeParse(id).success) throw new HttpError(400, "not a replay id");
    const r = await store.get(id);
    if (!r) throw new HttpError(404, `no replay ${id}`);
    return r;
  };
  return [
    route("GET", "/api/v1/replays", { access: "viewer", response: ReplaysResponseSchema }, async () => ({
      body: { replays: await store.list(100), running: launcher.running() },
    })),

    route(
      "POST",
      "/api/v1/replays",
      {
        access: "operator",
        body: CreateReplayBodySchema,
        response: ReplayCreatedResponseSchema,
        rateLimit: { perMinute: 6, burst: 5 },
      },
      async ({ body }) => {
        if (body.baselineId) await find(body.baselineId);
        try {
          const replay = await launcher.start({
            name: body.name,
            source: body.source,
            from: body.from,
            to: body.to,
            overrides: body.capacity,
            ruleOverrides: body.rules,
            baselineId: body.baselineId ?? null,
            workers: body.workers,
          });
          return { status: 201, body: { replay } };
        } catch (err) {
          if (err instanceof ReplayBusyError) throw new HttpError(429, err.message);
          throw err;
        }
      },
    ),

    route(
      "GET",
      "/api/v1/replays/:id",
      { access: "viewer", response: ReplayResponseSchema },
      async ({ params }) => {
        const replay = await find(params.id!);
        const baseline = replay.baselineId ? await store.get(replay.baselineId) : null;
        return { body: { replay, baseline } };
      },
    ),

    route(
      "POST",
      "/api/v1/replays/:id/cancel",
      { access: "operator", response: ReplayCancelResponseSchema, rateLimit: { perMinute: 30, burst: 10 } },
      async ({ params }) => {
        const replay = await find(params.id!);
        if (replay.status !== "running" || !(await launcher.cancel(replay.id)))
          throw new HttpError(409, `replay ${replay.id} is not running (${replay.status})`);
        return { status: 202, body: { cancelling: true } };
      },
    ),

    route(
      "GET",
      "/api/v1/replays/:id/timeline",
      { access: "viewer", response: ReplayTimelineResponseSchema, rateLimit: { perMinute: 60, burst: 20 } },
      async ({ params }) => {
        await find(params.id!);
        try {
          return { body: await sessions.timeline(params.id!) };
        } catch (err) {
          if (err instanceof ReplayNotReadyError) throw new HttpError(409, err.message);
          throw err;
        }
      },
    ),

    route(
      "GET",
      "/api/v1/replays/:id/report.csv",
      { access: "viewer", rateLimit: { perMinute: 30, burst: 10 } },
      async ({ params, res }) => {
        const replay = await find(params.id!);
        if (!replay.summary)
          throw new HttpError(409, `replay ${replay.id} has no report yet (${replay.status})`);
        const csv = summaryToCsv(replay.summary);
        const file = `launchwatch-replay-${replay.id}.csv`;
        res.writeHead(200, {
          "content-type": "text/csv; charset=utf-8",
          "content-disposition": `attachment; filename="${file}"`,
          "cache-control": "no-store",
        });
        res.end(csv);
        return {};
      },
    ),
  ];
}
