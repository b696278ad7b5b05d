/**
 * The alerting part of the JSON API (documented in docs/DASHBOARD.md), one route table per
 * concern: alerts and their history, acknowledgements, silences, the delivery log and rule
 * edits. Each handler parses and calls one function of the alerting queries or the rules admin.
 */
import type { RulesAdmin } from "../../adapters/db/rules-store";
import { alertAckRoutes } from "./alert-ack-routes";
import { alertHistoryRoutes } from "./alert-history-routes";
import { deliveryRoutes } from "./delivery-routes";
import type { Route } from "./route";
import { ruleRoutes } from "./rule-routes";
import { type SilenceRoutesDeps, silenceRoutes } from "./silence-routes";

export interface AlertApiDeps extends SilenceRoutesDeps {
  rules: RulesAdmin;
  /** Pushes a change to the live alerts room now instead of at the next poll. */
  refreshLive(): Promise<void>;
}

export function alertRoutes(d: AlertApiDeps): Route[] {
  return [
    ...alertHistoryRoutes(d),
    ...alertAckRoutes(d),
    ...silenceRoutes(d),
    ...deliveryRoutes(d),
    ...ruleRoutes(d),
  ];
}
