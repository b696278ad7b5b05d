/**
 * `GET /api/v1/receivers`: whether a notifier runs for this deployment and each receiver's state
 * (enabled or disabled and why, last delivery, retries pending, given up), so "no notifications
 * sent yet" is never mistaken for health (docs/ALERTING.md, "Receivers' state").
 */
import type { ReceiverStatusReader } from "../../adapters/db/notifier-status";
import type { Policy } from "../../core/alerts/policy";
import { receiversReport } from "../../core/alerts/receiver-report";
import { type ReceiversResponse, ReceiversResponseSchema } from "../../core/api/receivers";
import { type Route, route } from "./route";

export interface ReceiversRouteDeps {
  receiverStatus: ReceiverStatusReader;
  /** The alerts topic this web process publishes to: the notifiers it reads are that topic's. */
  alertsTopic: string;
  /** The policy this web process read: its receivers are listed while no notifier ever reported. */
  policy: Policy | null;
}

/** The report at the database's clock: the notifiers' heartbeats are stamped with it. */
export async function readReceivers(d: ReceiversRouteDeps): Promise<ReceiversResponse> {
  const { now, reports } = await d.receiverStatus.reports(d.alertsTopic);
  const configured = (d.policy?.receivers ?? []).map((r) => ({ name: r.name, type: r.type }));
  const names = new Set([
    ...configured.map((r) => r.name),
    ...reports.flatMap((r) => r.receivers.map((x) => x.name)),
  ]);
  const facts = await d.receiverStatus.facts([...names]);
  return receiversReport({ reports, facts, configured, now });
}

export function receiversRoutes(d: ReceiversRouteDeps): Route[] {
  return [
    route(
      "GET",
      "/api/v1/receivers",
      {
        access: "viewer",
        response: ReceiversResponseSchema,
        summary:
          "Whether a notifier runs, and each receiver's state: enabled or why not, last delivery, retries, given up",
      },
      async () => ({ body: await readReceivers(d) }),
    ),
  ];
}
