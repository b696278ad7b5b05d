/**
 * The dispatcher's grouping: the aggregation groups by key, and which of them an alert belongs
 * to (one per route it matches and value of that route's `group_by` labels). A group is created
 * by the first alert told about in it, its first flush `group_wait` away to batch the first burst.
 */
import type { AggregationGroup } from "./aggregation-group";
import type { TrackedAlert } from "./alert-registry";
import type { Route } from "./policy";
import { groupKey, groupLabels, matchRoutes } from "./routing";

export interface GroupTable {
  readonly groups: Map<string, AggregationGroup>;
  /**
   * Puts `a` into its groups, creating the missing ones, except for a resolved alert: nothing was
   * told about it in a group that does not exist. With `only`, just the groups `only` accepts
   * (existing or new; a resolved alert may then create one).
   */
  place(a: TrackedAlert, now: number, only?: (g: AggregationGroup) => boolean): void;
  /** The groups whose flush is due at `now`. */
  due(now: number): AggregationGroup[];
}

/** An empty table routing from `root`, the policy's top route. */
export function createGroupTable(root: Route): GroupTable {
  const groups = new Map<string, AggregationGroup>();
  return {
    groups,
    place(a, now, only) {
      for (const route of matchRoutes(root, a.labels)) {
        const labels = groupLabels(route, a.labels);
        const key = groupKey(route, labels);
        let g = groups.get(key);
        if (!g) {
          if (a.state === "resolved" && !only) continue; // nothing told about it in this group
          g = { key, route, labels, alerts: new Map(), nextFlushAt: now + route.groupWaitMs, log: null };
          if (only && !only(g)) continue;
          groups.set(key, g);
        } else if (only && !only(g)) continue;
        g.alerts.set(a.fingerprint, a);
      }
    },
    due: (now) => [...groups.values()].filter((g) => g.nextFlushAt <= now),
  };
}
