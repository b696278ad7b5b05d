import { describe, expect, it } from "vitest";
import { buildPolicy, PolicyFileSchema } from "../../core/alerts/policy";
import { parseYamlConfig } from "../../core/alerts/yaml-config";
import { readNotifierConfig, readReceiverEndpoints } from "./config";

const policyOf = (yaml: string) => buildPolicy(parseYamlConfig(PolicyFileSchema, yaml, "p.yaml"));

const policy = policyOf(`route: { receiver: hook }
receivers:
  - { name: hook, type: webhook, url_env: HOOK_URL, secret_env: HOOK_SECRET }
  - { name: ding, type: dingtalk, url_env: DING_URL, secret_env: DING_SECRET }
  - { name: chat, type: slack, url_env: SLACK_URL }
`);

describe("notifier config", () => {
  it("has defaults and derives the lock name from the topic prefix", () => {
    const c = readNotifierConfig({ LW_TOPIC_PREFIX: "staging." });
    expect(c).toMatchObject({
      LW_NOTIFIER_GROUP: "lw-notifier",
      LW_ALERTING_FILE: "alerting.yaml",
      LW_NOTIFIER_LOCK: "lw-notifier:staging.",
      LW_RETRY_MAX_MS: 60_000,
    });
    expect(() => readNotifierConfig({ LW_DELIVERY_LEASE_MS: "10" })).toThrow(/LW_DELIVERY_LEASE_MS/);
  });

  it("config errors name the setting only: a malformed webhook URL or a short secret is not printed (issue 16)", () => {
    const p = policyOf(`route: { receiver: hook }
receivers:
  - { name: hook, type: webhook, url_env: HOOK_URL, secret_env: HOOK_SIGNING }
`);
    const message = (env: Record<string, string>) => {
      try {
        readReceiverEndpoints(p, env);
      } catch (err) {
        return String(err instanceof Error ? err.message : err);
      }
      return "no error";
    };
    const badUrl = message({ HOOK_URL: "hooks.example.com/services/T0KEN-xyz", HOOK_SIGNING: "0123456789" });
    expect(badUrl).toMatch(/HOOK_URL/);
    expect(badUrl).not.toContain("T0KEN-xyz");
    const short = message({ HOOK_URL: "https://hooks.example.com/a", HOOK_SIGNING: "s3cr" });
    expect(short).toMatch(/HOOK_SIGNING/);
    expect(short).not.toContain("s3cr");
  });

  it("reads receiver URLs and secrets from the variables the policy names", () => {
    const { endpoints, disabled } = readReceiverEndpoints(policy, {
      HOOK_URL: "https://hooks.example.com/a",
      HOOK_SECRET: "0123456789",
      DING_URL: "https://oapi.dingtalk.com/robot/send?access_token=t",
      DING_SECRET: "SECabcdefgh",
    });
    expect(endpoints.get("hook")).toEqual({ url: "https://hooks.example.com/a", secret: "0123456789" });
    expect(endpoints.get("ding")?.secret).toBe("SECabcdefgh");
    expect(disabled).toEqual([{ receiver: "chat", setting: "SLACK_URL" }]);
  });

  it("stops on a bad URL or a missing secret, naming the variable", () => {
    expect(() => readReceiverEndpoints(policy, { HOOK_URL: "ftp://x/y", HOOK_SECRET: "0123456789" })).toThrow(
      /HOOK_URL: must be an http\(s\) URL/,
    );
    expect(() => readReceiverEndpoints(policy, { HOOK_URL: "https://u:p@x.example/y" })).toThrow(/HOOK_URL/);
    expect(() => readReceiverEndpoints(policy, { DING_URL: "https://oapi.dingtalk.com/robot/send" })).toThrow(
      /DING_SECRET: required by receiver ding/,
    );
    expect(() =>
      readReceiverEndpoints(policy, { HOOK_URL: "https://x.example/y", HOOK_SECRET: "short" }),
    ).toThrow(/HOOK_SECRET/);
  });
});
