/**
 * The alerting part of the JSON API (documented in docs/DASHBOARD.md): alerts and their history,
 * chart annotations, silences, acknowledgements, the delivery log and rule edits. Each handler
 * parses and calls one function of the alerting queries or the rules admin.
 */
import { z } from "zod";
import type { AlertingQueries } from "../../adapters/db/alerting-queries";
import type { RulesAdmin } from "../../adapters/db/rules-store";
import {
  AlertEventsResponseSchema,
  AlertsResponseSchema,
  DeliveriesResponseSchema,
  RulesResponseSchema,
  RuleUpdatedResponseSchema,
  SilenceCreatedResponseSchema,
  SilencesResponseSchema,
} from "../../core/api/alerting";
import { createSilenceClock, newSilenceWindow } from "../../core/pipeline/silence-clock";
import type { PipelineStatus } from "../../core/pipeline/status";
import { DurationTextSchema } from "../../core/time/duration";
import { HttpError } from "./respond";
import { type Route, route } from "./route";

export interface AlertApiDeps {
  alerting: AlertingQueries;
  rules: RulesAdmin;
  /** Pushes a change to the live alerts room now instead of at the next poll. */
  refreshLive(): Promise<void>;
  clock?: () => number;
  /**
   * The clock the pages follow (the pipeline status): a silence made while it is the stream's
   * runs on the stream's clock (core/pipeline/silence-clock.ts). Default: always the wall clock.
   */
  pageClock?: () => Pick<PipelineStatus, "clock" | "streamTime">;
}

const intParam = z.string().regex(/^\d+$/, "a non-negative integer").transform(Number);
/** Epoch ms, or an ISO-8601 date. */
const timeMs = z.string().transform((s, ctx) => {
  const n = /^\d+$/.test(s) ? Number(s) : Date.parse(s);
  if (!Number.isFinite(n)) {
    ctx.addIssue({ code: "custom", message: "epoch milliseconds or an ISO-8601 date" });
    return z.NEVER;
  }
  return Math.floor(n);
});
const labelParam = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*=.*$/, "name=value");
const many = <T extends z.ZodType>(s: T) => z.union([s.transform((v) => [v]), z.array(s)]).optional();

const maxSilenceMs = 7 * 86_400_000;
export const CreateSilenceBodySchema = z
  .strictObject({
    /** Prometheus-style matchers, e.g. `shop="123"`, `alertname=~"shop-.*"`. */
    matchers: z.array(z.string().min(1).max(300)).min(1).max(20),
    /** How long the silence lasts from now (1 min to 7 days), in minutes... */
    durationMinutes: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60)
      .optional(),
    /** ...or as a duration like `90m`, `2h`, `1d` (core/time/duration.ts). */
    duration: DurationTextSchema.refine(
      (ms) => ms >= 60_000 && ms <= maxSilenceMs,
      "from 1m to 7d",
    ).optional(),
    comment: z.string().max(2000).default(""),
  })
  .refine((b) => (b.durationMinutes === undefined) !== (b.duration === undefined), {
    message: "give durationMinutes or duration (one of them)",
    path: ["duration"],
  });

export const AckBodySchema = z
  .strictObject({ comment: z.string().max(2000).default("") })
  .default({ comment: "" });

export function alertRoutes(d: AlertApiDeps): Route[] {
  const clock = d.clock ?? Date.now;
  const streamClock = createSilenceClock();
  /** The page clock now, and the stream's time for silences (standing still while unknown). */
  const clocks = () => {
    const status = d.pageClock?.() ?? null;
    streamClock.observe(status?.streamTime ?? null);
    return { status, ...streamClock.at(clock()) };
  };
  return [
    route(
      "GET",
      "/api/v1/alerts",
      {
        access: "viewer",
        response: AlertsResponseSchema,
        query: z.object({
          state: z.enum(["firing", "resolved"]).optional(),
          rule: z.string().max(64).optional(),
          /** `name=value`, repeatable: all must match. */
          label: many(labelParam),
          limit: intParam.pipe(z.number().int().min(1).max(1000)).default(200),
        }),
      },
      async ({ query }) => {
        const wanted = (query.label ?? []).map((l) => {
          const i = l.indexOf("=");
          return [l.slice(0, i), l.slice(i + 1)] as const;
        });
        const keep = (a: { labels: Record<string, string> }) => wanted.every(([k, v]) => a.labels[k] === v);
        const [active, history] = await Promise.all([
          d.alerting.listAlerts({ state: "firing", rule: query.rule, limit: 1000 }),
          d.alerting.listAlerts({ state: query.state, rule: query.rule, limit: query.limit }),
        ]);
        return { body: { active: active.filter(keep), history: history.filter(keep) } };
      },
    ),

    route(
      "GET",
      "/api/v1/alerts/events",
      {
        access: "viewer",
        response: AlertEventsResponseSchema,
        query: z.object({ from: timeMs, to: timeMs, rule: many(z.string().min(1).max(64)) }),
      },
      async ({ query }) => {
        if (query.to <= query.from) throw new HttpError(400, "to: must be after from");
        const [events, overlapping] = await Promise.all([
          d.alerting.listAlertEvents({ from: query.from, to: query.to, rules: query.rule }),
          d.alerting.listAlerts({ from: query.from, to: query.to, limit: 1000 }),
        ]);
        // Episodes that began before the range have no event in it, yet cover its start.
        const rules = query.rule ? new Set(query.rule) : null;
        const openAtFrom = overlapping
          .filter((a) => a.startsAt < query.from && (!rules || rules.has(a.rule)))
          .map((a) => ({ fingerprint: a.fingerprint, rule: a.rule, startsAt: a.startsAt, labels: a.labels }));
        return { body: { events, openAtFrom } };
      },
    ),

    route(
      "POST",
      "/api/v1/alerts/:id/ack",
      { access: "operator", body: AckBodySchema },
      async ({ params, body, principal }) => {
        await d.alerting.acknowledge({ alertId: params.id!, by: principal!.username, comment: body.comment });
        await d.refreshLive();
        return { status: 204 };
      },
    ),

    route("DELETE", "/api/v1/alerts/:id/ack", { access: "operator" }, async ({ params }) => {
      if (!(await d.alerting.unacknowledge(params.id!)))
        throw new HttpError(404, `alert ${params.id} is not acknowledged`);
      await d.refreshLive();
      return { status: 204 };
    }),

    route(
      "GET",
      "/api/v1/silences",
      {
        access: "viewer",
        response: SilencesResponseSchema,
        query: z.object({ active: z.enum(["true", "false"]).optional() }),
      },
      async ({ query }) => {
        const { wall, stream } = clocks();
        return {
          body: {
            silences: await d.alerting.listSilences({
              active: query.active === "true",
              now: wall,
              streamNow: stream,
            }),
          },
        };
      },
    ),

    route(
      "POST",
      "/api/v1/silences",
      { access: "operator", body: CreateSilenceBodySchema, response: SilenceCreatedResponseSchema },
      async ({ body, principal }) => {
        const { status, wall } = clocks();
        const window = newSilenceWindow(status, wall, body.duration ?? body.durationMinutes! * 60_000);
        const silence = await d.alerting.createSilence(
          { matchers: body.matchers, ...window, createdBy: principal!.username, comment: body.comment },
          wall,
        );
        return { status: 201, body: { silence } };
      },
    ),

    route("POST", "/api/v1/silences/:id/expire", { access: "operator" }, async ({ params }) => {
      const { wall, stream } = clocks();
      if (!(await d.alerting.expireSilence(params.id!, wall, stream)))
        throw new HttpError(404, `no active silence ${params.id}`);
      return { status: 204 };
    }),

    route(
      "GET",
      "/api/v1/deliveries",
      {
        access: "viewer",
        response: DeliveriesResponseSchema,
        query: z.object({
          receiver: z.string().max(100).optional(),
          status: z.enum(["pending", "sending", "delivered", "superseded", "failed"]).optional(),
          limit: intParam.pipe(z.number().int().min(1).max(500)).default(100),
        }),
      },
      async ({ query }) => ({ body: { deliveries: await d.alerting.listDeliveries(query) } }),
    ),

    route("GET", "/api/v1/rules", { access: "viewer", response: RulesResponseSchema }, async () => ({
      body: { rules: await d.rules.list() },
    })),

    route(
      "PUT",
      "/api/v1/rules/:id",
      { access: "operator", body: z.unknown(), response: RuleUpdatedResponseSchema },
      async ({ params, body, principal }) => {
        const rule = await d.rules.update(params.id!, body, principal!.username);
        if (!rule) throw new HttpError(404, `no rule ${params.id}`);
        return { body: { rule } };
      },
    ),
  ];
}
