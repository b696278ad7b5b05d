import { describe, expect, it } from "vitest";
import { fingerprint } from "../alerts/alert";
import { parseMatcher } from "../alerts/matchers";
import { buildPolicy, PolicyFileSchema } from "../alerts/policy";
import { parseYamlConfig } from "../alerts/yaml-config";
import {
  alertFromPostable,
  groupAlerts,
  matcherFromAm,
  matcherToAm,
  parseFilter,
  selectAlerts,
  silenceMatchesFilter,
  toGettableAlerts,
} from "./mapping";

const now = Date.parse("2026-02-06T03:00:00Z");
const policy = buildPolicy(
  parseYamlConfig(
    PolicyFileSchema,
    `route:
  receiver: hook
  group_by: [severity]
  routes:
    - matchers: ['team="api"']
      receiver: api
      continue: true
inhibit_rules:
  - source_matchers: ['alertname="ApiDown"']
    target_matchers: ['alertname="CheckoutSlow"']
    equal: [service]
receivers:
  - { name: hook, type: webhook, url_env: A }
  - { name: api, type: webhook, url_env: B }`,
    "alerting.yaml",
  ),
);

describe("posted alerts", () => {
  const labels = { alertname: "CheckoutSlow", severity: "warning" };
  it("firing with endsAt ahead: expires there; the same fingerprint function as the workers'", () => {
    const a = alertFromPostable(
      { labels, endsAt: "2026-02-06T03:04:00Z", startsAt: "2026-02-06T02:55:00Z" },
      now,
    );
    expect(a).toMatchObject({
      state: "firing",
      rule: "CheckoutSlow",
      fingerprint: fingerprint("CheckoutSlow", labels),
      startsAt: Date.parse("2026-02-06T02:55:00Z"),
      endsAt: null,
      expiresAt: Date.parse("2026-02-06T03:04:00Z"),
      external: true,
      sentAt: now,
    });
  });
  it("endsAt in the past resolves; no endsAt leaves it to resolve_timeout; no alertname still has a rule", () => {
    expect(alertFromPostable({ labels, endsAt: "2026-02-06T02:59:00Z" }, now)).toMatchObject({
      state: "resolved",
      endsAt: Date.parse("2026-02-06T02:59:00Z"),
    });
    const open = alertFromPostable({ labels }, now);
    expect(open.expiresAt).toBeUndefined();
    expect(open.startsAt).toBe(now);
    expect(alertFromPostable({ labels: { job: "x" } }, now).rule).toBe("external");
  });
});

describe("matchers and filters", () => {
  it("Alertmanager's matcher objects are Launchwatch's matchers, both ways", () => {
    for (const text of ['a="b"', 'a!="b"', 'a=~"b.*"', 'a!~"b.*"']) {
      const m = parseMatcher(text);
      expect(matcherFromAm(matcherToAm(m))).toMatchObject({ name: m.name, op: m.op, value: m.value });
    }
  });
  it("filters: one per parameter or braces with commas inside quotes", () => {
    const f = parseFilter(['{alertname="a,b",severity=~"crit.*"}', "team=api"]);
    expect(f.map((m) => [m.name, m.op, m.value])).toEqual([
      ["alertname", "=", "a,b"],
      ["severity", "=~", "crit.*"],
      ["team", "=", "api"],
    ]);
    expect(() => parseFilter(["not a matcher"])).toThrow();
  });
  it("a silence is selected by a filter on its matchers' values", () => {
    const s = {
      id: "s",
      matchers: [parseMatcher('alertname="CheckoutSlow"')],
      startsAt: 0,
      endsAt: 1,
      createdBy: "x",
      comment: "",
    };
    expect(silenceMatchesFilter(s, parseFilter(["alertname=CheckoutSlow"]))).toBe(true);
    expect(silenceMatchesFilter(s, parseFilter(['alertname=~"Checkout.*"']))).toBe(true);
    expect(silenceMatchesFilter(s, parseFilter(["alertname=Other"]))).toBe(false);
    expect(silenceMatchesFilter(s, parseFilter(["team=api"]))).toBe(false);
    expect(silenceMatchesFilter(s, parseFilter(['team=""']))).toBe(true);
  });
});

describe("alert status, receivers and groups", () => {
  const stored = (alertname: string, extra: Record<string, string> = {}) => {
    const labels = { alertname, severity: "warning", service: "checkout", ...extra };
    return {
      fingerprint: fingerprint(alertname, labels),
      labels,
      annotations: {},
      startsAt: now,
      updatedAt: now,
    };
  };
  const firing = [
    stored("ApiDown", { team: "api" }),
    stored("CheckoutSlow"),
    stored("Other", { severity: "critical" }),
  ];
  const silences = [
    {
      id: "sil-1",
      matchers: [parseMatcher('alertname="Other"')],
      startsAt: 0,
      endsAt: now + 1,
      createdBy: "x",
      comment: "",
    },
  ];
  const all = toGettableAlerts(firing, { policy, silences, now, externalUrl: "http://lw" });

  it("receivers from the routing tree, suppressed when silenced or inhibited, by whom", () => {
    expect(all[0]!.receivers.map((r) => r.name)).toEqual(["api"]);
    expect(all[1]!.receivers.map((r) => r.name)).toEqual(["hook"]);
    expect(all[0]!.status).toEqual({ state: "active", silencedBy: [], inhibitedBy: [], mutedBy: [] });
    expect(all[1]!.status).toMatchObject({ state: "suppressed", inhibitedBy: [firing[0]!.fingerprint] });
    expect(all[2]!.status).toMatchObject({ state: "suppressed", silencedBy: ["sil-1"] });
    expect(all[1]!.endsAt).toBe("0001-01-01T00:00:00.000Z");
  });

  it("muted by the time intervals of every route it takes", () => {
    const timed = buildPolicy(
      parseYamlConfig(
        PolicyFileSchema,
        `route:
  receiver: hook
  routes:
    - matchers: ['severity="warning"']
      mute_time_intervals: [launch-hour]
time_intervals:
  - name: launch-hour
    time_intervals: [{ times: [{ start_time: "02:00", end_time: "04:00" }] }]
receivers: [{ name: hook, type: webhook, url_env: A }]`,
        "alerting.yaml",
      ),
    );
    const [warning, critical] = toGettableAlerts([firing[1]!, firing[2]!], {
      policy: timed,
      silences: [],
      now,
      externalUrl: "http://lw",
    });
    expect(warning!.status).toMatchObject({ state: "suppressed", mutedBy: ["launch-hour"] });
    expect(critical!.status).toMatchObject({ state: "active", mutedBy: [] });
  });

  it("the query flags and receiver regex select as Alertmanager's do", () => {
    const q = { active: true, silenced: true, inhibited: true, filter: [] };
    expect(selectAlerts(all, { ...q, silenced: false }).map((a) => a.labels.alertname)).toEqual([
      "ApiDown",
      "CheckoutSlow",
    ]);
    expect(
      selectAlerts(all, { ...q, inhibited: false, silenced: false }).map((a) => a.labels.alertname),
    ).toEqual(["ApiDown"]);
    expect(selectAlerts(all, { ...q, active: false }).map((a) => a.labels.alertname)).toEqual([
      "CheckoutSlow",
      "Other",
    ]);
    expect(selectAlerts(all, { ...q, receiver: parseMatcher('receiver=~"ap.*"') }).length).toBe(1);
  });

  it("groups as the notifier does: per route and its group_by", () => {
    const groups = groupAlerts(all, policy);
    expect(groups.map((g) => [g.receiver.name, g.labels, g.alerts.length])).toEqual([
      ["api", { severity: "warning" }, 1],
      ["hook", { severity: "warning" }, 1],
      ["hook", { severity: "critical" }, 1],
    ]);
  });
});
