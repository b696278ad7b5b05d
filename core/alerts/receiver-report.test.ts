import { describe, expect, it } from "vitest";
import type { PublishedReceiver } from "../api/receivers";
import { type NotifierReport, receiversReport } from "./receiver-report";

const now = 1_800_000_000_000;
const hook: PublishedReceiver = {
  name: "hook",
  type: "webhook",
  enabled: true,
  disabledReason: null,
  target: "https://hooks.example.com/…",
};
const slack: PublishedReceiver = {
  name: "slack",
  type: "slack",
  enabled: false,
  disabledReason: "no URL set (LW_SLACK_WEBHOOK_URL)",
  target: null,
};
const report = (over: Partial<NotifierReport> = {}): NotifierReport => ({
  instanceId: "n1",
  role: "leader",
  heartbeatAt: now - 1000,
  heartbeatEveryMs: 5000,
  receivers: [hook, slack],
  ...over,
});
const configured = [{ name: "from-policy", type: "wecom" as const }];

describe("receivers report", () => {
  it("says enabled and disabled (with why) while a leader reports, with the delivery facts", () => {
    const facts = new Map([
      [
        "hook",
        {
          lastAttempt: { at: now - 500, outcome: "retry" as const, statusCode: 500, error: "HTTP 500" },
          lastDeliveredAt: null,
          retriesPending: 2,
          queued: 1,
          deadLettered: 3,
        },
      ],
    ]);
    const r = receiversReport({ reports: [report()], facts, configured, now });
    expect(r.notifier).toEqual({ state: "running", leader: "n1", standbys: 0, lastSeenAt: now - 1000 });
    expect(r.receivers.map((x) => [x.name, x.state, x.disabledReason])).toEqual([
      ["hook", "enabled", null],
      ["slack", "disabled", "no URL set (LW_SLACK_WEBHOOK_URL)"],
    ]);
    expect(r.receivers[0]).toMatchObject({ retriesPending: 2, queued: 1, deadLettered: 3 });
    expect(r.receivers[1]).toMatchObject({ lastAttempt: null, retriesPending: 0 });
  });

  it("is fresh up to exactly three heartbeat periods, then the notifier is not running", () => {
    const edge = receiversReport({
      reports: [report({ heartbeatAt: now - 15_000 })],
      facts: new Map(),
      configured,
      now,
    });
    expect(edge.notifier.state).toBe("running");
    const gone = receiversReport({
      reports: [report({ heartbeatAt: now - 15_001 })],
      facts: new Map(),
      configured,
      now,
    });
    expect(gone.notifier).toMatchObject({ state: "not-running", leader: null, lastSeenAt: now - 15_001 });
    // Never a stale "enabled": nobody is sending.
    expect(gone.receivers.map((x) => x.state)).toEqual(["unknown", "unknown"]);
    expect(gone.receivers[1]!.disabledReason).toBeNull();
  });

  it("a stopped notifier is not running at once; standbys alone are no leader", () => {
    const stopped = receiversReport({
      reports: [report({ role: "stopped", heartbeatAt: now })],
      facts: new Map(),
      configured,
      now,
    });
    expect(stopped.notifier.state).toBe("not-running");
    const standby = receiversReport({
      reports: [report({ role: "stopped" }), report({ instanceId: "n2", role: "standby", heartbeatAt: now })],
      facts: new Map(),
      configured,
      now,
    });
    expect(standby.notifier).toMatchObject({ state: "no-leader", standbys: 1, leader: null });
  });

  it("lists the web's policy receivers as unknown when no notifier ever reported", () => {
    const r = receiversReport({ reports: [], facts: new Map(), configured, now });
    expect(r.notifier).toEqual({ state: "never-seen", leader: null, standbys: 0, lastSeenAt: null });
    expect(r.receivers).toMatchObject([{ name: "from-policy", type: "wecom", state: "unknown" }]);
  });
});
