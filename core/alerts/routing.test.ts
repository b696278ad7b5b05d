import { describe, expect, it } from "vitest";
import { buildPolicy, PolicyFileSchema } from "./policy";
import { groupKey, groupLabels, matchRoutes } from "./routing";
import { parseYamlConfig } from "./yaml-config";

const policy = buildPolicy(
  parseYamlConfig(
    PolicyFileSchema,
    `
route:
  receiver: default
  group_by: [alertname]
  routes:
    - matchers: ['team="api"']
      receiver: api
      group_by: [alertname, endpoint]
      continue: true
    - matchers: ['severity="critical"']
      receiver: pager
      routes:
        - matchers: ['alertname="shop-over-capacity"']
          receiver: shops
          group_by: ['...']
    - matchers: ['team="api"']
      receiver: never
receivers:
  - { name: default, type: webhook, url_env: A }
  - { name: api, type: webhook, url_env: B }
  - { name: pager, type: webhook, url_env: C }
  - { name: shops, type: webhook, url_env: D }
  - { name: never, type: webhook, url_env: E }
`,
    "p.yaml",
  ),
);

const receivers = (labels: Record<string, string>) =>
  matchRoutes(policy.route, labels).map((r) => r.receiver);

describe("routing", () => {
  it("falls back to the parent when no child matches", () => {
    expect(receivers({ alertname: "download-surge", severity: "info" })).toEqual(["default"]);
  });

  it("stops at the first match unless the route has continue", () => {
    // api continues, so the critical route is tried too; it stops the walk before `never`.
    expect(receivers({ alertname: "endpoint-error-rate", team: "api", severity: "critical" })).toEqual([
      "api",
      "pager",
    ]);
    // Not critical: api continues, nothing else before `never` matches, so `never` takes it too.
    expect(receivers({ alertname: "endpoint-latency-p99", team: "api", severity: "warning" })).toEqual([
      "api",
      "never",
    ]);
  });

  it("descends into the deepest matching child", () => {
    expect(receivers({ alertname: "shop-over-capacity", severity: "critical" })).toEqual(["shops"]);
  });

  it("groups by the route's labels; '...' keeps every label", () => {
    const [api] = matchRoutes(policy.route, {
      alertname: "x",
      team: "api",
      endpoint: "GET /a",
      severity: "w",
    });
    expect(groupLabels(api!, { alertname: "x", team: "api", endpoint: "GET /a" })).toEqual({
      alertname: "x",
      endpoint: "GET /a",
    });
    const [shops] = matchRoutes(policy.route, {
      alertname: "shop-over-capacity",
      severity: "critical",
      shop: "7",
    });
    const labels = { alertname: "shop-over-capacity", severity: "critical", shop: "7" };
    expect(groupLabels(shops!, labels)).toEqual(labels);
    expect(groupKey(shops!, groupLabels(shops!, labels))).toBe(
      '{}/{severity="critical"}/{alertname="shop-over-capacity"}:{alertname="shop-over-capacity",severity="critical",shop="7"}',
    );
  });

  it("leaves out group_by labels the alert does not have", () => {
    const [api] = matchRoutes(policy.route, { team: "api", alertname: "x" });
    expect(groupLabels(api!, { team: "api", alertname: "x" })).toEqual({ alertname: "x" });
  });
});
