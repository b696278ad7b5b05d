/**
 * `GET /api/v1/alert-routing`: the notifier's routing tree as the Alerts page needs it to group
 * the active alerts exactly as the chat digests are grouped (matchers as text, `group_by`),
 * or null when this web process knows no policy. Shared by the route and the dashboard.
 */
import { z } from "zod";
import { formatMatcher, parseMatcher } from "../alerts/matchers";
import type { Route } from "../alerts/policy";

/** One node of the tree; `routes` are the indexes of its children in the flat list. */
export const RouteNodeSchema = z.object({
  key: z.string(),
  receiver: z.string(),
  matchers: z.array(z.string()),
  groupBy: z.union([z.array(z.string()), z.literal("all")]),
  continue: z.boolean(),
  routes: z.array(z.number().int().nonnegative()),
});
export type RouteNode = z.infer<typeof RouteNodeSchema>;
/** The tree as a flat list, the root first (flat so the OpenAPI schema has no recursion). */
export type RouteJson = RouteNode[];

export const AlertRoutingResponseSchema = z.object({ route: z.array(RouteNodeSchema).min(1).nullable() });
export type AlertRoutingResponse = z.infer<typeof AlertRoutingResponseSchema>;

/** The parts of a route tree that decide an alert's group, as a flat list (root first). */
export function routeToJson(root: Route): RouteJson {
  const out: RouteNode[] = [];
  const add = (r: Route): number => {
    const i = out.length;
    const node: RouteNode = {
      key: r.key,
      receiver: r.receiver,
      matchers: r.matchers.map(formatMatcher),
      groupBy: r.groupBy,
      continue: r.continue,
      routes: [],
    };
    out.push(node);
    node.routes = r.routes.map(add);
    return i;
  };
  add(root);
  return out;
}

/**
 * The route tree for core/alerts/routing.ts from its flat list; timers and time intervals, which
 * do not decide grouping, are left at zero and empty. A child index that does not point after
 * its parent is refused (no cycles).
 */
export function routeFromJson(nodes: RouteJson, at = 0): Route {
  const j = nodes[at];
  if (!j) throw new RangeError(`route ${at} is not in the list`);
  return {
    key: j.key,
    receiver: j.receiver,
    matchers: j.matchers.map(parseMatcher),
    groupBy: j.groupBy,
    continue: j.continue,
    groupWaitMs: 0,
    groupIntervalMs: 0,
    repeatIntervalMs: 0,
    muteTimeIntervals: [],
    activeTimeIntervals: [],
    routes: j.routes.map((c) => {
      if (c <= at) throw new RangeError(`route ${at} lists ${c} as a child`);
      return routeFromJson(nodes, c);
    }),
  };
}
