/**
 * Which entities a rule's condition holds for, from what the pipeline knows: per-shop load (in
 * the workers, which hold every shop) or the combined view of all workers (endpoints, downloads).
 */
import type { CombinedView } from "../frames/combine";
import type { ShopLoad } from "../frames/frame";
import type { Rule } from "./rule";

export interface Condition {
  /** Entity key, unique within the rule (`shop:42`, `endpoint:POST /order/create`, `launch`). */
  key: string;
  labels: Record<string, string>;
  value: number;
}

/** Shops whose order rate exceeds capacity x factor (strictly: exactly at capacity is fine). */
export function shopConditions(
  rule: Extract<Rule, { kind: "shop_over_capacity" }>,
  shops: Iterable<Pick<ShopLoad, "shopId" | "chain" | "city" | "ratePerMin" | "capacityPerMin">>,
): Condition[] {
  const out: Condition[] = [];
  for (const s of shops) {
    if (s.capacityPerMin > 0 && s.ratePerMin > s.capacityPerMin * rule.factor) {
      out.push({
        key: `shop:${s.shopId}`,
        labels: { shop: String(s.shopId), chain: s.chain, city: s.city },
        value: s.ratePerMin / s.capacityPerMin,
      });
    }
  }
  return out;
}

/** Conditions of the rules evaluated on the combined view (every kind but shop_over_capacity). */
export function viewConditions(rule: Rule, view: CombinedView): Condition[] {
  const out: Condition[] = [];
  const endpoint = (name: string, value: number) =>
    out.push({ key: `endpoint:${name}`, labels: { endpoint: name }, value });
  switch (rule.kind) {
    case "shop_over_capacity":
      return out;
    case "endpoint_over_capacity":
      for (const e of view.endpoints) {
        if (e.capacityPerSec > 0 && e.requests["10s"] / 10 > e.capacityPerSec * rule.factor)
          endpoint(e.endpoint, e.utilization);
      }
      return out;
    case "endpoint_error_rate":
      for (const e of view.endpoints) {
        const n = e.requests["1m"];
        if (n >= rule.minRequests && n > 0 && e.errors["1m"] / n > rule.threshold)
          endpoint(e.endpoint, e.errors["1m"] / n);
      }
      return out;
    case "endpoint_latency_p99":
      for (const e of view.endpoints)
        if (e.requests["1m"] > 0 && e.p99 !== null && e.p99 > rule.thresholdMs) endpoint(e.endpoint, e.p99);
      return out;
    case "download_surge": {
      const perSecond = view.downloads["1m"] / 60;
      if (perSecond > rule.perSecond) out.push({ key: "launch", labels: {}, value: perSecond });
      return out;
    }
    case "saturation_forecast":
      for (const e of view.endpoints) {
        if (e.saturationInSec !== null && e.saturationInSec <= rule.withinMinutes * 60)
          endpoint(e.endpoint, e.saturationInSec);
      }
      return out;
  }
}
