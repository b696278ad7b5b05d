import { describe, expect, it } from "vitest";
import { ruleValueText } from "./rule-value";

describe("ruleValueText", () => {
  it("shows a capacity ratio as the report does, in percent of capacity", () => {
    expect(ruleValueText("shop_over_capacity", 41.82)).toBe("4,182% of capacity");
    expect(ruleValueText("endpoint_over_capacity", 1.05)).toBe("105% of capacity");
    expect(ruleValueText("endpoint_over_capacity", 0.052)).toBe("5.2% of capacity");
  });
  it("gives every other kind its unit", () => {
    expect(ruleValueText("endpoint_error_rate", 0.449)).toBe("45% errors");
    expect(ruleValueText("endpoint_latency_p99", 1234.4)).toBe("p99 1,234 ms");
    expect(ruleValueText("download_surge", 812.25)).toBe("812.3 downloads/s");
    expect(ruleValueText("saturation_forecast", 95)).toBe("saturates in 95 s");
  });
  it("calls an endpoint already at capacity saturated, not 'in 0 s'", () => {
    expect(ruleValueText("saturation_forecast", 0)).toBe("saturated");
  });
  it("shows no number for an alert without one, and a bare one for an unknown rule", () => {
    expect(ruleValueText("shop_over_capacity", null)).toBe("–");
    expect(ruleValueText(undefined, 41.821)).toBe("41.82");
  });
});
