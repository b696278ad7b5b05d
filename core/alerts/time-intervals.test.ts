import { describe, expect, it } from "vitest";
import { type Alert, fingerprint } from "./alert";
import { createDispatcher } from "./dispatcher";
import { buildPolicy, PolicyFileSchema } from "./policy";
import { intervalContains, TimeIntervalSchema, timeMuted } from "./time-intervals";
import { formatPath, parseYamlConfig } from "./yaml-config";

const at = (iso: string) => Date.parse(iso);
const interval = (o: unknown) => TimeIntervalSchema.parse(o);

describe("time intervals (Alertmanager's syntax)", () => {
  it("times: start inclusive, end exclusive, 24:00 ends the day", () => {
    const t = interval({ times: [{ start_time: "09:00", end_time: "17:30" }] });
    expect(intervalContains(t, at("2026-02-06T08:59:59Z"))).toBe(false);
    expect(intervalContains(t, at("2026-02-06T09:00:00Z"))).toBe(true);
    expect(intervalContains(t, at("2026-02-06T17:29:59Z"))).toBe(true);
    expect(intervalContains(t, at("2026-02-06T17:30:00Z"))).toBe(false);
    const night = interval({ times: [{ start_time: "22:00", end_time: "24:00" }] });
    expect(intervalContains(night, at("2026-02-06T23:59:00Z"))).toBe(true);
  });

  it("weekdays, days of month (negative from the end), months and years, by name or number", () => {
    const weekend = interval({ weekdays: ["sunday", "saturday"] });
    expect(intervalContains(weekend, at("2026-02-07T12:00:00Z"))).toBe(true); // Saturday
    expect(intervalContains(weekend, at("2026-02-06T12:00:00Z"))).toBe(false); // Friday
    const workdays = interval({ weekdays: ["Monday:Friday"] });
    expect(intervalContains(workdays, at("2026-02-06T12:00:00Z"))).toBe(true);
    const lastDays = interval({ days_of_month: ["-3:-1"] });
    expect(intervalContains(lastDays, at("2026-02-26T00:00:00Z"))).toBe(true); // Feb 2026 has 28 days
    expect(intervalContains(lastDays, at("2026-02-25T00:00:00Z"))).toBe(false);
    expect(intervalContains(lastDays, at("2026-03-29T00:00:00Z"))).toBe(true);
    expect(intervalContains(interval({ days_of_month: ["5:-1"] }), at("2026-02-04T00:00:00Z"))).toBe(false);
    const q1 = interval({ months: ["january:march"], years: ["2026"] });
    expect(intervalContains(q1, at("2026-03-31T23:59:00Z"))).toBe(true);
    expect(intervalContains(q1, at("2026-04-01T00:00:00Z"))).toBe(false);
    expect(intervalContains(q1, at("2027-02-01T00:00:00Z"))).toBe(false);
    expect(intervalContains(interval({ months: ["2:3"] }), at("2026-02-01T00:00:00Z"))).toBe(true);
  });

  it("reads the fields in its location", () => {
    // 02:30 UTC on Friday is 10:30 on Friday in Shanghai and 21:30 on Thursday in New York.
    const when = at("2026-02-06T02:30:00Z");
    const morning = { times: [{ start_time: "10:00", end_time: "11:00" }], weekdays: ["friday"] };
    expect(intervalContains(interval({ ...morning, location: "Asia/Shanghai" }), when)).toBe(true);
    expect(intervalContains(interval(morning), when)).toBe(false);
    expect(intervalContains(interval({ weekdays: ["thursday"], location: "America/New_York" }), when)).toBe(
      true,
    );
  });

  it.each([
    [{ times: [{ start_time: "9:00", end_time: "10:00" }] }, "times.0.start_time"],
    [{ times: [{ start_time: "10:00", end_time: "09:00" }] }, "times.0"],
    [{ times: [{ start_time: "10:00", end_time: "24:01" }] }, "times.0.end_time"],
    [{ weekdays: ["funday"] }, "weekdays.0"],
    [{ weekdays: ["friday:monday"] }, "weekdays.0"],
    [{ weekdays: ["saturday:sunday"] }, "weekdays.0"],
    [{ days_of_month: ["0"] }, "days_of_month.0"],
    [{ days_of_month: ["-1:-3"] }, "days_of_month.0"],
    [{ months: ["13"] }, "months.0"],
    [{ location: "Mars/Olympus" }, "location"],
    [{ hours: ["1"] }, ""],
  ])("refuses %j at %s", (o, path) => {
    const r = TimeIntervalSchema.safeParse(o);
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path.join(".")).toBe(path);
  });

  it("a route is muted inside a mute interval, and outside all of its active ones", () => {
    const intervals = new Map([
      ["office", [interval({ times: [{ start_time: "09:00", end_time: "17:00" }] })]],
    ]);
    const inOffice = at("2026-02-06T10:00:00Z");
    const evening = at("2026-02-06T20:00:00Z");
    const mute = { muteTimeIntervals: ["office"], activeTimeIntervals: [] };
    const active = { muteTimeIntervals: [], activeTimeIntervals: ["office"] };
    expect([timeMuted(mute, intervals, inOffice), timeMuted(mute, intervals, evening)]).toEqual([
      true,
      false,
    ]);
    expect([timeMuted(active, intervals, inOffice), timeMuted(active, intervals, evening)]).toEqual([
      false,
      true,
    ]);
  });
});

const policyYaml = `
route:
  receiver: hook
  group_by: [alertname]
  group_wait: 1s
  group_interval: 1m
  routes:
    - matchers: ['alertname="shop-over-capacity"']
      receiver: hook
      mute_time_intervals: [launch-hour]
time_intervals:
  - name: launch-hour
    time_intervals:
      - times: [{ start_time: "10:00", end_time: "11:00" }]
        location: Asia/Shanghai
receivers:
  - { name: hook, type: webhook, url_env: A }
`;

describe("policy with time intervals", () => {
  it("refuses unknown interval names and intervals on the root route, naming the path", () => {
    const bad = (yaml: string) => {
      try {
        parseYamlConfig(PolicyFileSchema, yaml, "alerting.yaml");
      } catch (err) {
        return (err as Error).message;
      }
      return "accepted";
    };
    expect(bad(policyYaml.replace("[launch-hour]", "[lunch]"))).toContain(
      'alerting.yaml: route.routes[0].mute_time_intervals[0]: unknown time interval "lunch"',
    );
    expect(
      bad(
        policyYaml.replace(
          "  group_by: [alertname]\n",
          "  group_by: [alertname]\n  active_time_intervals: [launch-hour]\n",
        ),
      ),
    ).toContain("the root route cannot have mute or active time intervals");
    expect(formatPath(["time_intervals", 0, "name"])).toBe("time_intervals[0].name");
  });

  it("a muted route notifies nothing inside the interval and tells everything at the first flush after it", () => {
    const policy = buildPolicy(parseYamlConfig(PolicyFileSchema, policyYaml, "alerting.yaml"));
    const d = createDispatcher({ policy });
    const labels = { alertname: "shop-over-capacity", shop: "7" };
    const start = at("2026-02-06T02:58:00Z"); // 10:58 in Shanghai
    const alert: Alert = {
      v: 1,
      fingerprint: fingerprint("shop-over-capacity", labels),
      rule: "shop-over-capacity",
      state: "firing",
      labels,
      annotations: {},
      startsAt: start,
      endsAt: null,
      value: 2,
      sentAt: start,
    };
    d.ingest([alert], start);
    const sent: number[] = [];
    for (let t = start; t <= start + 5 * 60_000; t += 1000) {
      if (t % 30_000 === 0) d.ingest([{ ...alert, sentAt: t }], t); // re-sent like a worker does
      sent.push(...d.tick(t).notifications.map(() => t));
    }
    // Muted until 11:00 Shanghai (03:00 UTC); the next group flush after it notifies once.
    expect(sent.length).toBe(1);
    expect(sent[0]!).toBeGreaterThanOrEqual(at("2026-02-06T03:00:00Z"));
    expect(sent[0]!).toBeLessThan(at("2026-02-06T03:01:01Z"));
  });
});
