/**
 * `GET /api/v1/alert-routing`: the notifier's routing tree (matchers and `group_by`), so the
 * Alerts page groups the active alerts as the chat digests do (core/live/alert-groups.ts).
 */
import type { Policy } from "../../core/alerts/policy";
import { AlertRoutingResponseSchema, routeToJson } from "../../core/api/alert-routing";
import { type Route, route } from "./route";

/** `policy`: the notifier's policy file as this process read it (null: none known). */
export function alertRoutingRoutes({ policy }: { policy: Policy | null }): Route[] {
  const body = { route: policy ? routeToJson(policy.route) : null };
  return [
    route(
      "GET",
      "/api/v1/alert-routing",
      {
        access: "viewer",
        response: AlertRoutingResponseSchema,
        summary: "The notification policy's routing tree, for grouping alerts as the digests do",
      },
      async () => ({ body }),
    ),
  ];
}
