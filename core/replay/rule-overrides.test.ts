import { describe, expect, it } from "vitest";
import { RuleSchema } from "../alerts/rule";
import { applyRuleOverrides, parseRuleOverrides } from "./rule-overrides";

const rules = [
  RuleSchema.parse({ id: "shop-over-capacity", kind: "shop_over_capacity", for: "2m" }),
  RuleSchema.parse({ id: "download-surge", kind: "download_surge", perSecond: 500 }),
];

describe("rule overrides", () => {
  it("parses durations, numbers and booleans", () => {
    expect(parseRuleOverrides("rule:shop-over-capacity.for=5m; rule:download-surge.enabled=false")).toEqual([
      { rule: "shop-over-capacity", field: "for", value: "5m" },
      { rule: "download-surge", field: "enabled", value: false },
    ]);
    expect(parseRuleOverrides("rule:download-surge.perSecond=800")[0]?.value).toBe(800);
    expect(() => parseRuleOverrides("shops=2x")).toThrow(/rule:shop-over-capacity.for=5m/);
  });

  it("applies them through the rule schema, leaving the other rules alone", () => {
    const out = applyRuleOverrides(
      rules,
      parseRuleOverrides("rule:shop-over-capacity.for=5m; rule:download-surge.enabled=false"),
    );
    expect(out[0]).toMatchObject({ id: "shop-over-capacity", for: 300_000 });
    expect(out[1]).toMatchObject({ id: "download-surge", enabled: false, perSecond: 500 });
    expect(rules[0]).toMatchObject({ for: 120_000 });
  });

  it("names the rule and field of a bad override", () => {
    expect(() => applyRuleOverrides(rules, parseRuleOverrides("rule:nope.for=1m"))).toThrow(
      /rule:nope: no such rule/,
    );
    expect(() => applyRuleOverrides(rules, parseRuleOverrides("rule:shop-over-capacity.for=soon"))).toThrow(
      /rule:shop-over-capacity.for: a duration/,
    );
    expect(() => applyRuleOverrides(rules, parseRuleOverrides("rule:shop-over-capacity.colour=red"))).toThrow(
      /rule:shop-over-capacity.colour/,
    );
  });
});
