/**
 * The Alerts page's grouped list: the active alerts grouped as the notifier groups them for its
 * digests (the same routing walk and `group_by`, core/alerts/routing.ts), worst group first.
 * Without a known policy they are grouped by rule (`group_by: [alertname]`). Pure.
 */
import type { Route } from "../alerts/policy";
import { groupKey, groupLabels, matchRoutes } from "../alerts/routing";
import { type ActiveAlert, type AlertSeverity, sortAlerts } from "./alerts";

export interface AlertGroupView {
  key: string;
  /** The receiver whose digest lists this group (null: no policy known). */
  receiver: string | null;
  /** The `group_by` labels and their values, e.g. `{ alertname: "shop-over-capacity", chain: "Heytea" }`. */
  labels: Record<string, string>;
  /** Most severe first, then oldest. */
  alerts: ActiveAlert[];
  worst: AlertSeverity;
  counts: Record<AlertSeverity, number>;
}

const rank: Record<AlertSeverity, number> = { critical: 0, warning: 1, info: 2 };
const byRule: Route = {
  key: "{}",
  receiver: "",
  matchers: [],
  groupBy: ["alertname"],
  continue: false,
  groupWaitMs: 0,
  groupIntervalMs: 0,
  repeatIntervalMs: 0,
  muteTimeIntervals: [],
  activeTimeIntervals: [],
  routes: [],
};

const width = (r: Route) => (r.groupBy === "all" ? Number.POSITIVE_INFINITY : r.groupBy.length);
const finest = (routes: Route[]): Route => routes.reduce((best, r) => (width(r) >= width(best) ? r : best));

/**
 * Groups `alerts` by `route` (the policy's root; null: by rule). An alert routed to several
 * receivers (`continue`) is listed once, in the group of its finest digest (the matched route
 * with the most `group_by` labels; on a tie the later, more specific one): a shop alert that
 * both the per-rule webhook and the per-chain chat digest receive is shown under its chain.
 * Groups are ordered worst severity first, then by how many alerts of that severity, then by size.
 */
export function groupActiveAlerts(alerts: readonly ActiveAlert[], route: Route | null): AlertGroupView[] {
  const groups = new Map<string, AlertGroupView>();
  for (const a of sortAlerts(alerts)) {
    const labels = { alertname: a.rule, severity: a.severity, ...a.labels };
    const r = route ? finest(matchRoutes(route, labels)) : byRule;
    const gl = groupLabels(r, labels);
    const key = groupKey(r, gl);
    let g = groups.get(key);
    if (!g) {
      g = {
        key,
        receiver: route ? r.receiver : null,
        labels: gl,
        alerts: [],
        worst: a.severity,
        counts: { critical: 0, warning: 0, info: 0 },
      };
      groups.set(key, g);
    }
    g.alerts.push(a);
    g.counts[a.severity]++;
    if (rank[a.severity] < rank[g.worst]) g.worst = a.severity;
  }
  return [...groups.values()].sort(
    (x, y) =>
      rank[x.worst] - rank[y.worst] ||
      y.counts[x.worst] - x.counts[x.worst] ||
      y.alerts.length - x.alerts.length ||
      x.key.localeCompare(y.key),
  );
}
