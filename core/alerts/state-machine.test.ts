import { describe, expect, it } from "vitest";
import { createRuleEvaluator } from "./evaluator";
import { RuleFileSchema, RuleSchema } from "./rule";
import { createAlertTracker } from "./state-machine";

const on = (key = "a", value = 2) => new Map([[key, value]]);
const off = new Map<string, number>();

describe("alert states", () => {
  it("goes pending, fires after `for`, and resolves after `keepFiringFor`", () => {
    const t = createAlertTracker({ forMs: 60_000, keepFiringForMs: 30_000 });
    expect(t.evaluate(0, on())).toEqual([
      { key: "a", state: "pending", startsAt: 0, endsAt: null, value: 2 },
    ]);
    expect(t.evaluate(59_999, on())).toEqual([]);
    expect(t.evaluate(60_000, on())).toEqual([
      { key: "a", state: "firing", startsAt: 0, endsAt: null, value: 2 },
    ]);
    expect(t.evaluate(70_000, off)).toEqual([]); // keeps firing
    expect(t.evaluate(80_000, on("a", 3))).toEqual([]); // flap back: still the same firing alert
    expect(t.evaluate(90_000, off)).toEqual([]);
    expect(t.evaluate(120_000, off)).toEqual([
      { key: "a", state: "resolved", startsAt: 0, endsAt: 120_000, value: 3 },
    ]);
    expect(t.size).toBe(0);
  });

  it("drops a pending alert silently when the condition clears before `for`", () => {
    const t = createAlertTracker({ forMs: 10_000, keepFiringForMs: 0 });
    t.evaluate(0, on());
    expect(t.evaluate(5000, off)).toEqual([]);
    expect(t.size).toBe(0);
  });

  it("fires at once with `for: 0`", () => {
    const t = createAlertTracker({ forMs: 0, keepFiringForMs: 0 });
    expect(t.evaluate(7, on()).map((x) => x.state)).toEqual(["firing"]);
    expect(t.evaluate(8, off).map((x) => x.state)).toEqual(["resolved"]);
  });
});

describe("rules", () => {
  it("parses durations and rejects duplicates and unknown kinds with a path", () => {
    const r = RuleSchema.parse({
      id: "shop-hot",
      kind: "shop_over_capacity",
      for: "2m",
      keepFiringFor: "30s",
    });
    expect(r).toMatchObject({ for: 120_000, keepFiringFor: 30_000, factor: 1, enabled: true });
    const dup = RuleFileSchema.safeParse({ rules: [r, r] });
    expect(dup.success).toBe(false);
    expect(RuleSchema.safeParse({ id: "x", kind: "cpu_hot" }).success).toBe(false);
    expect(RuleSchema.safeParse({ id: "x", kind: "download_surge", perSecond: 5, for: "soon" }).success).toBe(
      false,
    );
  });

  it("evaluator labels alerts, fingerprints them stably and re-sends firing ones", () => {
    let wall = 0;
    const rule = RuleSchema.parse({
      id: "hot",
      kind: "shop_over_capacity",
      labels: { severity: "critical" },
    });
    const ev = createRuleEvaluator({ rules: [rule], clock: () => wall, resendMs: 30_000 });
    const cond = () => [{ key: "shop:1", labels: { shop: "1", chain: "Heytea", city: "Wuhan" }, value: 3 }];
    const [a] = ev.evaluate(1000, cond);
    expect(a).toMatchObject({
      state: "firing",
      labels: { alertname: "hot", severity: "critical", shop: "1" },
    });
    wall = 10_000;
    expect(ev.evaluate(2000, cond)).toEqual([]);
    wall = 40_000;
    const [again] = ev.evaluate(3000, cond);
    expect(again?.fingerprint).toBe(a?.fingerprint);
    // Changing the rule resets its state; removing it forgets it.
    ev.setRules([]);
    expect(ev.evaluate(4000, cond)).toEqual([]);
  });
});
