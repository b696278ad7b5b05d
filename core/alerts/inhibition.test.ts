import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { createInhibitor } from "./inhibition";
import { parseMatcher } from "./matchers";
import { buildPolicy, PolicyFileSchema } from "./policy";
import { parseYamlConfig } from "./yaml-config";

const rule = (source: string[], target: string[], equal: string[] = []) => ({
  source_matchers: source.map(parseMatcher),
  target_matchers: target.map(parseMatcher),
  equal,
});

describe("inhibition", () => {
  it("mutes targets while a matching source fires, only with equal labels", () => {
    const inh = createInhibitor(
      [rule(['severity="critical"'], ['severity="warning"'], ["endpoint"])],
      [{ alertname: "endpoint-error-rate", severity: "critical", endpoint: "POST /a" }],
    );
    expect(
      inh.isInhibited({ alertname: "endpoint-latency-p99", severity: "warning", endpoint: "POST /a" }),
    ).toBe(true);
    expect(
      inh.isInhibited({ alertname: "endpoint-latency-p99", severity: "warning", endpoint: "POST /b" }),
    ).toBe(false);
    expect(inh.isInhibited({ alertname: "x", severity: "info", endpoint: "POST /a" })).toBe(false);
  });

  it("counts a label missing on both sides as equal", () => {
    const inh = createInhibitor([rule(['a="src"'], ['a="dst"'], ["zone"])], [{ a: "src" }]);
    expect(inh.isInhibited({ a: "dst" })).toBe(true);
    expect(inh.isInhibited({ a: "dst", zone: "z1" })).toBe(false);
  });

  it("does not let an alert inhibit itself when it matches both sides", () => {
    const r = rule(['team="api"'], ['team="api"'], ["endpoint"]);
    const alone = { team: "api", endpoint: "e" };
    expect(createInhibitor([r], [alone]).isInhibited(alone)).toBe(false);
    // A source that matches only the source side still inhibits.
    const r2 = rule(['team="api"'], ['severity="warning"'], ["endpoint"]);
    expect(
      createInhibitor([r2], [{ team: "api", endpoint: "e", severity: "critical" }]).isInhibited({
        team: "api",
        endpoint: "e",
        severity: "warning",
      }),
    ).toBe(true);
  });

  it("by default mutes shop overload while POST /order/create is failing", () => {
    const policy = buildPolicy(
      parseYamlConfig(PolicyFileSchema, fs.readFileSync("alerting.yaml", "utf8"), "alerting.yaml"),
    );
    const shop = { alertname: "shop-over-capacity", severity: "warning", shop: "42", chain: "Heytea" };
    const outage = { alertname: "endpoint-error-rate", severity: "critical", endpoint: "POST /order/create" };
    const other = { alertname: "endpoint-error-rate", severity: "critical", endpoint: "GET /shops/nearby" };
    expect(createInhibitor(policy.inhibitRules, [outage]).isInhibited(shop)).toBe(true);
    expect(createInhibitor(policy.inhibitRules, [other]).isInhibited(shop)).toBe(false);
    expect(createInhibitor(policy.inhibitRules, []).isInhibited(shop)).toBe(false);
  });
});
