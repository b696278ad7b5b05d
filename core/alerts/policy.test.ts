import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { buildPolicy, PolicyFileSchema } from "./policy";
import { RuleFileSchema } from "./rule";
import { formatPath, parseYamlConfig } from "./yaml-config";

const minimal = `
route:
  receiver: hook
  group_by: [alertname]
  group_wait: 5s
  routes:
    - matchers: ['severity="critical"']
      receiver: pager
      group_interval: 10s
      routes:
        - matchers: ['team="api"']
          group_by: ['...']
receivers:
  - { name: hook, type: webhook, url_env: HOOK_URL }
  - { name: pager, type: dingtalk, url_env: DING_URL, secret_env: DING_SECRET }
`;

describe("notification policy", () => {
  it("inherits receiver, grouping and timers down the tree", () => {
    const p = buildPolicy(parseYamlConfig(PolicyFileSchema, minimal, "alerting.yaml"));
    expect(p.resolveTimeoutMs).toBe(300_000);
    expect(p.route).toMatchObject({ key: "{}", receiver: "hook", groupBy: ["alertname"], groupWaitMs: 5000 });
    const pager = p.route.routes[0]!;
    expect(pager).toMatchObject({ receiver: "pager", groupWaitMs: 5000, groupIntervalMs: 10_000 });
    expect(pager.key).toBe('{}/{severity="critical"}');
    const api = pager.routes[0]!;
    expect(api).toMatchObject({ receiver: "pager", groupBy: "all", groupIntervalMs: 10_000 });
    expect(api.repeatIntervalMs).toBe(4 * 3_600_000);
  });

  it("names the file and the path of a bad field", () => {
    const bad = minimal.replace("receiver: pager", "receiver: nobody");
    expect(() => parseYamlConfig(PolicyFileSchema, bad, "alerting.yaml")).toThrow(
      'alerting.yaml: route.routes[0].receiver: unknown receiver "nobody"',
    );
    const badDuration = minimal.replace("group_interval: 10s", "group_interval: soon");
    expect(() => parseYamlConfig(PolicyFileSchema, badDuration, "alerting.yaml")).toThrow(
      /route\.routes\[0\]\.group_interval/,
    );
    const secretInFile = minimal.replace("url_env: HOOK_URL", "url_env: https://hooks.example.com/x");
    expect(() => parseYamlConfig(PolicyFileSchema, secretInFile, "alerting.yaml")).toThrow(
      /receivers\[0\]\.url_env: an environment variable name/,
    );
    expect(() => parseYamlConfig(PolicyFileSchema, "route: [", "alerting.yaml")).toThrow(/not valid YAML/);
  });

  it("rejects a rules file with the path of the bad rule field", () => {
    const rules = `rules:\n  - { id: a, kind: download_surge, perSecond: 5 }\n  - { id: b, kind: endpoint_error_rate, threshold: 2 }\n`;
    expect(() => parseYamlConfig(RuleFileSchema, rules, "alert-rules.yaml")).toThrow(
      /alert-rules\.yaml: rules\[1\]\.threshold/,
    );
    const dup = `rules:\n  - { id: a, kind: download_surge, perSecond: 5 }\n  - { id: a, kind: download_surge, perSecond: 6 }\n`;
    expect(() => parseYamlConfig(RuleFileSchema, dup, "r.yaml")).toThrow(
      "r.yaml: rules[1].id: duplicate rule id a",
    );
  });

  it("accepts the repository's alerting.yaml and alert-rules.yaml", () => {
    const policy = buildPolicy(
      parseYamlConfig(PolicyFileSchema, fs.readFileSync("alerting.yaml", "utf8"), "alerting.yaml"),
    );
    expect(policy.receivers.map((r) => r.type).sort()).toEqual([
      "dingtalk",
      "feishu",
      "slack",
      "webhook",
      "wecom",
    ]);
    expect(policy.inhibitRules.length).toBeGreaterThan(0);
    const rules = parseYamlConfig(
      RuleFileSchema,
      fs.readFileSync("alert-rules.yaml", "utf8"),
      "alert-rules.yaml",
    );
    expect(rules.rules.map((r) => r.kind).sort()).toEqual([
      "download_surge",
      "endpoint_error_rate",
      "endpoint_latency_p99",
      "endpoint_over_capacity",
      "saturation_forecast",
      "shop_over_capacity",
    ]);
    expect(rules.rules.find((r) => r.kind === "shop_over_capacity")?.for).toBe(120_000);
  });

  it("reads Go-style durations and Alertmanager's http_config (secrets named by variable)", () => {
    const p = buildPolicy(
      parseYamlConfig(
        PolicyFileSchema,
        `route: { receiver: hook, group_wait: 1m30s, repeat_interval: 1d }
receivers:
  - { name: hook, type: webhook, url_env: HOOK, timeout: 2500ms,
      http_config: { authorization: { type: Token, credentials_env: HOOK_TOKEN } } }`,
        "alerting.yaml",
      ),
    );
    expect(p.route).toMatchObject({ groupWaitMs: 90_000, repeatIntervalMs: 86_400_000 });
    expect(p.receivers[0]).toMatchObject({
      timeout: 2500,
      http_config: { authorization: { type: "Token", credentials_env: "HOOK_TOKEN" } },
    });
    expect(() =>
      parseYamlConfig(
        PolicyFileSchema,
        `route: { receiver: hook }
receivers:
  - { name: hook, type: webhook, url_env: HOOK, http_config: { authorization: { credentials_env: T },
      basic_auth: { username: u, password_env: P } } }`,
        "alerting.yaml",
      ),
    ).toThrow("alerting.yaml: receivers[0].http_config: authorization and basic_auth are exclusive");
    expect(() =>
      parseYamlConfig(
        PolicyFileSchema,
        "route: { receiver: hook, group_wait: 1h1d }\nreceivers: [{ name: hook, type: webhook, url_env: H }]",
        "alerting.yaml",
      ),
    ).toThrow("alerting.yaml: route.group_wait: a duration like 500ms, 30s, 1h30m, 1d or 1w");
  });

  it("formats paths", () => {
    expect(formatPath(["rules", 3, "for"])).toBe("rules[3].for");
    expect(formatPath([])).toBe("(root)");
  });
});
