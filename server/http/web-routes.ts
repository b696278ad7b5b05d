/**
 * Every route of the web process's JSON API in one list (session and live API, alerts and
 * rules, alert routing, replays, the Alertmanager-compatible API), with the OpenAPI document of
 * that same list.
 */
import type { Producer } from "kafkajs";
import type { Policy } from "../../core/alerts/policy";
import { createAlertmanagerApi } from "../alerts/alertmanager-api";
import { type AlertApiDeps, alertRoutes } from "./alert-routes";
import { alertRoutingRoutes } from "./alert-routing-route";
import { alertmanagerRoutes } from "./alertmanager-routes";
import { type AnnotationApiDeps, annotationRoutes } from "./annotation-routes";
import { type ApiDeps, apiRoutes } from "./api-routes";
import { openApiRoute } from "./openapi-route";
import { type ReceiversRouteDeps, receiversRoutes } from "./receivers-route";
import { replayRoutes } from "./replay-routes";
import type { Route } from "./route";

export interface WebRoutesDeps extends ApiDeps, Omit<AlertApiDeps, "rules" | "pageClock"> {
  rulesAdmin: AlertApiDeps["rules"];
  alertingPolicy: { policy: Policy; text: string } | null;
  replays: Parameters<typeof replayRoutes>[0];
  /** Posted alerts take the workers' path: the alerts topic, keyed by fingerprint. */
  producer: Producer;
  alertsTopic: string;
  publicUrl?: string;
  /** Notes and deploy markers (server/annotations.ts); absent: no annotation routes. */
  annotations?: AnnotationApiDeps;
  /** The notifiers' reports and the delivery log, for the receivers' state. */
  receiverStatus: ReceiversRouteDeps["receiverStatus"];
}

export function webRoutes(d: WebRoutesDeps): Route[] {
  const routes = [
    ...apiRoutes(d),
    ...alertRoutes({
      alerting: d.alerting,
      rules: d.rulesAdmin,
      refreshLive: d.refreshLive,
      clock: d.clock,
      pageClock: () => d.hub.feed().pipeline,
    }),
    ...(d.annotations
      ? annotationRoutes({ ...d.annotations, clock: d.clock, pageClock: () => d.hub.feed().pipeline })
      : []),
    ...alertRoutingRoutes({ policy: d.alertingPolicy?.policy ?? null }),
    ...receiversRoutes({ ...d, policy: d.alertingPolicy?.policy ?? null }),
    ...replayRoutes(d.replays),
    ...alertmanagerRoutes(
      createAlertmanagerApi({
        alerting: d.alerting,
        publish: async (alerts) => {
          await d.producer.send({
            topic: d.alertsTopic,
            messages: alerts.map((a) => ({ key: a.fingerprint, value: JSON.stringify(a) })),
          });
        },
        policy: d.alertingPolicy,
        externalUrl: d.alertingPolicy?.policy.externalUrl ?? d.publicUrl ?? "http://localhost:3000",
        clock: d.clock,
      }),
    ),
  ];
  routes.push(openApiRoute(() => routes));
  return routes;
}
