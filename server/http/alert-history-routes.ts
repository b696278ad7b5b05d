/**
 * The alerts and their history in the JSON API: what fires now, what fired, and the changes
 * over a time range (the charts' alert bands).
 */
import { z } from "zod";
import type { AlertingQueries } from "../../adapters/db/alerting-queries";
import { AlertEventsResponseSchema, AlertsResponseSchema } from "../../core/api/alerting";
import { intParam, many, timeParam } from "./query-params";
import { HttpError } from "./respond";
import { type Route, route } from "./route";

const labelParam = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*=.*$/, "name=value");

export function alertHistoryRoutes(d: { alerting: AlertingQueries }): Route[] {
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
        query: z.object({ from: timeParam, to: timeParam, rule: many(z.string().min(1).max(64)) }),
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
  ];
}
