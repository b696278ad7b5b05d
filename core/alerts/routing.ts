/**
 * Routing as in Alertmanager: an alert walks the tree from the root; at each node the children
 * are tried in order, and the first that matches takes the alert unless it has `continue`, in
 * which case the following siblings are tried too. A node none of whose children match is itself
 * the match. Then the route's `group_by` labels pick the alert's group.
 */
import { type Labels, labelsKey, matchesAll } from "./matchers";
import type { Route } from "./policy";

/** The routes (leaves of the walk) that take an alert with `labels`. */
export function matchRoutes(route: Route, labels: Labels): Route[] {
  if (!matchesAll(route.matchers, labels)) return [];
  const all: Route[] = [];
  for (const child of route.routes) {
    const m = matchRoutes(child, labels);
    all.push(...m);
    if (m.length > 0 && !child.continue) break;
  }
  if (all.length === 0) all.push(route);
  return all;
}

/** The labels that identify an alert's group on `route` (all labels for `group_by: ['...']`). */
export function groupLabels(route: Route, labels: Labels): Record<string, string> {
  if (route.groupBy === "all") return { ...labels };
  const out: Record<string, string> = {};
  for (const name of route.groupBy) {
    const v = labels[name];
    if (v !== undefined && v !== "") out[name] = v;
  }
  return out;
}

/** Alertmanager-style group key: `{route matchers path}:{group labels}`. Unique per (route, group). */
export function groupKey(route: Route, group: Labels): string {
  return `${route.key}:${labelsKey(group)}`;
}
