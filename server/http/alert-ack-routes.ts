/** Acknowledging an alert and taking the acknowledgement back; the live alerts room shows it at once. */
import { z } from "zod";
import type { AlertingQueries } from "../../adapters/db/alerting-queries";
import { HttpError } from "./respond";
import { type Route, route } from "./route";

export const AckBodySchema = z
  .strictObject({ comment: z.string().max(2000).default("") })
  .default({ comment: "" });

export function alertAckRoutes(d: { alerting: AlertingQueries; refreshLive(): Promise<void> }): Route[] {
  return [
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
  ];
}
