/**
 * Alertmanager's API v2 (docs/ALERTING.md, "Prometheus, Grafana and amtool"): the paths and
 * shapes Prometheus, Grafana's Alertmanager data source and amtool use, behind Launchwatch's API
 * tokens (`Authorization: Bearer lwt_...`). Each handler parses and calls the Alertmanager API
 * service; the JSON mapping lives in core/alertmanager/.
 */
import { z } from "zod";
import {
  AlertGroupSchema,
  AlertmanagerStatusSchema,
  AlertsQuerySchema,
  GettableAlertSchema,
  GettableSilenceSchema,
  PostableAlertsSchema,
  PostableSilenceSchema,
  ReceiverSchema,
  SilencesQuerySchema,
} from "../../core/alertmanager/dto";
import type { AlertmanagerApi } from "../alerts/alertmanager-api";
import { HttpError } from "./respond";
import { type Route, route } from "./route";

const silenceId = (id: string | undefined) => {
  if (!z.uuid().safeParse(id).success) throw new HttpError(404, `no silence ${id}`);
  return id!;
};

export function alertmanagerRoutes(am: AlertmanagerApi): Route[] {
  return [
    route("GET", "/api/v2/status", { access: "viewer", response: AlertmanagerStatusSchema }, async () => ({
      body: am.status(),
    })),
    route("GET", "/api/v2/receivers", { access: "viewer", response: z.array(ReceiverSchema) }, async () => ({
      body: am.receivers(),
    })),
    route(
      "POST",
      "/api/v2/alerts",
      // Prometheus sends batches of up to 64 alerts, every evaluation.
      { access: "operator", body: PostableAlertsSchema, bodyLimitBytes: 1024 * 1024 },
      async ({ body }) => {
        await am.postAlerts(body);
        return { status: 200 };
      },
    ),
    route(
      "GET",
      "/api/v2/alerts",
      { access: "viewer", query: AlertsQuerySchema, response: z.array(GettableAlertSchema) },
      async ({ query }) => ({
        body: await am.alerts(query),
      }),
    ),
    route(
      "GET",
      "/api/v2/alerts/groups",
      { access: "viewer", query: AlertsQuerySchema, response: z.array(AlertGroupSchema) },
      async ({ query }) => ({
        body: await am.groups(query),
      }),
    ),
    route(
      "GET",
      "/api/v2/silences",
      { access: "viewer", query: SilencesQuerySchema, response: z.array(GettableSilenceSchema) },
      async ({ query }) => ({
        body: await am.silences(query.filter),
      }),
    ),
    route(
      "POST",
      "/api/v2/silences",
      { access: "operator", body: PostableSilenceSchema, response: z.object({ silenceID: z.string() }) },
      async ({ body, principal }) => {
        const id = await am.putSilence(body, principal!.username);
        if (!id) throw new HttpError(404, `no silence ${body.id}`);
        return { body: { silenceID: id } };
      },
    ),
    route(
      "GET",
      "/api/v2/silence/:id",
      { access: "viewer", response: GettableSilenceSchema },
      async ({ params }) => {
        const s = await am.silence(silenceId(params.id));
        if (!s) throw new HttpError(404, `no silence ${params.id}`);
        return { body: s };
      },
    ),
    route("DELETE", "/api/v2/silence/:id", { access: "operator" }, async ({ params }) => {
      if (!(await am.expireSilence(silenceId(params.id))))
        throw new HttpError(404, `no active silence ${params.id}`);
      return { status: 200 };
    }),
  ];
}
