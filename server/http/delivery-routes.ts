/** The delivery log in the JSON API: each notification sent (or being sent) to a receiver. */
import { z } from "zod";
import type { AlertingQueries } from "../../adapters/db/alerting-queries";
import { DeliveriesResponseSchema } from "../../core/api/alerting";
import { intParam } from "./query-params";
import { type Route, route } from "./route";

export function deliveryRoutes(d: { alerting: AlertingQueries }): Route[] {
  return [
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
  ];
}
