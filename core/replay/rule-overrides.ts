/**
 * What-if rules for a replay: "what if shops alerted after 5 minutes instead of 2", "without the
 * download-surge rule". Each override sets one field of one rule; the result is validated with
 * the rule schema, so an unknown field or a bad value is refused with the rule and field named.
 */
import { z } from "zod";
import { type Rule, RuleSchema } from "../alerts/rule";

export const RuleOverrideSchema = z.strictObject({
  /** Rule id. */
  rule: z.string().min(1).max(63),
  /** A field of the rule: `for`, `keepFiringFor`, `enabled`, `factor`, `threshold`, ... */
  field: z.string().regex(/^[A-Za-z]+$/, "a rule field such as for, enabled or threshold"),
  value: z.union([z.string().max(100), z.number(), z.boolean()]),
});
export type RuleOverride = z.infer<typeof RuleOverrideSchema>;

/** `rule:shop-over-capacity.for=5m; rule:download-surge.enabled=false` (separator `;`). */
export function parseRuleOverrides(text: string): RuleOverride[] {
  return text
    .split(";")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((part) => {
      const m = /^rule:([a-z0-9][a-z0-9-]*)\.([A-Za-z]+)\s*=\s*(.+)$/.exec(part);
      if (!m) throw new Error(`cannot read rule override "${part}" (e.g. rule:shop-over-capacity.for=5m)`);
      const raw = m[3]!.trim();
      const value =
        raw === "true" ? true : raw === "false" ? false : /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
      return RuleOverrideSchema.parse({ rule: m[1], field: m[2], value });
    });
}

/** The rules with the overrides applied, in order; throws naming the rule and field on a bad one. */
export function applyRuleOverrides(rules: readonly Rule[], overrides: readonly RuleOverride[]): Rule[] {
  if (overrides.length === 0) return [...rules];
  const byId = new Map(rules.map((r) => [r.id, r]));
  for (const o of overrides) {
    const rule = byId.get(o.rule);
    if (!rule) throw new Error(`rule:${o.rule}: no such rule (known: ${[...byId.keys()].join(", ")})`);
    const parsed = RuleSchema.safeParse({ ...rule, [o.field]: o.value });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`rule:${o.rule}.${o.field}: ${issue?.message ?? "invalid"}`);
    }
    byId.set(o.rule, parsed.data);
  }
  return rules.map((r) => byId.get(r.id)!);
}

/** "shop-over-capacity for = 5m" */
export const describeRuleOverride = (o: RuleOverride): string => `${o.rule} ${o.field} = ${String(o.value)}`;
