/**
 * An alert's value with the unit its rule measures: the same number the replay report shows
 * (a shop at 41.82x its capacity is "4,182% of capacity", not "41.82"). Pure.
 */
import { saturationText } from "../capacity/saturation-text";
import type { RuleKind } from "./rule";

const pct = (ratio: number) =>
  `${(ratio * 100).toLocaleString("en-US", { maximumFractionDigits: ratio * 100 >= 10 ? 0 : 1 })}%`;
const num = (n: number, digits = 0) => n.toLocaleString("en-US", { maximumFractionDigits: digits });

/**
 * `value` as the rule of `kind` measures it; `kind` unknown (a rule since deleted, an alert
 * from outside) gives the bare number; null (no measured value) gives "–".
 */
export function ruleValueText(kind: RuleKind | undefined, value: number | null): string {
  if (value === null || !Number.isFinite(value)) return "–";
  switch (kind) {
    case "shop_over_capacity":
    case "endpoint_over_capacity":
      return `${pct(value)} of capacity`;
    case "endpoint_error_rate":
      return `${pct(value)} errors`;
    case "endpoint_latency_p99":
      return `p99 ${num(value)} ms`;
    case "download_surge":
      return `${num(value, 1)} downloads/s`;
    case "saturation_forecast":
      return value <= 0 ? saturationText(value) : `saturates ${saturationText(value)}`;
    default:
      return num(value, 2);
  }
}
