/**
 * Inhibition as in Alertmanager: while an alert matching a rule's source matchers fires, alerts
 * matching its target matchers with the same values of the `equal` labels are muted. An alert
 * that matches both sides does not inhibit itself (nor others that match both sides).
 *
 * The default policy (alerting.yaml) mutes `shop-over-capacity` while `POST /order/create` is
 * failing or over capacity: shop load is then an echo of the API outage (retries pile orders up,
 * then none get through) and the on-call needs one page about the API, not thousands about shops.
 */
import { type Labels, matchesAll } from "./matchers";
import type { InhibitRule } from "./policy";

export interface Inhibitor {
  /** Whether an alert with `labels` is muted by a firing source alert. */
  isInhibited(labels: Labels): boolean;
}

const equalKey = (equal: readonly string[], labels: Labels) =>
  equal.map((n) => labels[n] ?? "").join("\u0000");

/** Indexes the firing alerts that are sources of some rule. O(alerts x rules) to build, O(rules) to ask. */
export function createInhibitor(rules: readonly InhibitRule[], firing: Iterable<Labels>): Inhibitor {
  if (rules.length === 0) return { isInhibited: () => false };
  const index = rules.map(() => new Map<string, { all: number; twoSided: number }>());
  for (const labels of firing) {
    rules.forEach((r, i) => {
      if (!matchesAll(r.source_matchers, labels)) return;
      const key = equalKey(r.equal, labels);
      const m = index[i]!;
      let e = m.get(key);
      if (!e) m.set(key, (e = { all: 0, twoSided: 0 }));
      e.all++;
      if (matchesAll(r.target_matchers, labels)) e.twoSided++;
    });
  }
  return {
    isInhibited(labels) {
      for (let i = 0; i < rules.length; i++) {
        const r = rules[i]!;
        if (!matchesAll(r.target_matchers, labels)) continue;
        const e = index[i]!.get(equalKey(r.equal, labels));
        if (!e) continue;
        const sources = matchesAll(r.source_matchers, labels) ? e.all - e.twoSided : e.all;
        if (sources > 0) return true;
      }
      return false;
    },
  };
}
