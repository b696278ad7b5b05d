/**
 * Value maps of a source mapping: exact values (`ORDER_PAID: created`) and comparisons
 * (`">= 500": upstream_5xx`), tried in that order (comparisons in file order), then `default`.
 */

export type Scalar = string | number | boolean | null;

const comparisonOps = [">=", "<=", "!=", "==", ">", "<"] as const;
type Op = (typeof comparisonOps)[number];

export interface ValueMap {
  exact: Map<string, Scalar>;
  cases: Array<{ op: Op; operand: number; to: Scalar }>;
  /** undefined: an unmapped value is an error. */
  fallback: Scalar | undefined;
}

const comparison = /^(>=|<=|!=|==|>|<)\s*(-?\d+(?:\.\d+)?)$/;

/** Builds a map from the file's entries (keys are values or comparisons). */
export function buildValueMap(entries: Record<string, Scalar>, fallback?: Scalar): ValueMap {
  const map: ValueMap = { exact: new Map(), cases: [], fallback };
  for (const [k, to] of Object.entries(entries)) {
    const m = comparison.exec(k.trim());
    if (m) map.cases.push({ op: m[1] as Op, operand: Number(m[2]), to });
    else map.exact.set(k, to);
  }
  return map;
}

const holds = (op: Op, a: number, b: number): boolean =>
  op === ">="
    ? a >= b
    : op === "<="
      ? a <= b
      : op === ">"
        ? a > b
        : op === "<"
          ? a < b
          : op === "=="
            ? a === b
            : a !== b;

/** The mapped value, or `undefined` when nothing matches and there is no default. */
export function applyValueMap(map: ValueMap, value: unknown): Scalar | undefined {
  const hit = map.exact.get(String(value));
  if (hit !== undefined) return hit;
  const n =
    typeof value === "number" ? value : typeof value === "string" && value !== "" ? Number(value) : NaN;
  if (Number.isFinite(n)) for (const c of map.cases) if (holds(c.op, n, c.operand)) return c.to;
  return map.fallback;
}
