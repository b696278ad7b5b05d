import { describe, expect, it } from "vitest";
import type { ReceiverStatus, ReceiversResponse } from "../../core/api/receivers";
import { notifierProblem } from "./notifier-problem";

const now = 1_800_000_000_000;
const receiver = (name: string, state: ReceiverStatus["state"]): ReceiverStatus => ({
  name,
  type: "slack",
  state,
  disabledReason: state === "disabled" ? "no URL set (LW_SLACK_WEBHOOK_URL)" : null,
  target: null,
  lastAttempt: null,
  lastDeliveredAt: null,
  retriesPending: 0,
  queued: 0,
  deadLettered: 0,
});
const report = (
  state: ReceiversResponse["notifier"]["state"],
  receivers: ReceiverStatus[],
  lastSeenAt: number | null = now - 65_000,
): ReceiversResponse => ({
  notifier: {
    state,
    leader: state === "running" ? "n1" : null,
    standbys: state === "no-leader" ? 1 : 0,
    lastSeenAt,
  },
  receivers,
});

describe("what the Alerts page says when no alert reaches anyone", () => {
  it("five disabled receivers are not a quiet night", () => {
    const all = ["a", "b", "c", "d", "e"].map((n) => receiver(n, "disabled"));
    expect(notifierProblem(report("running", all), now)).toBe(
      "All 5 receivers are disabled: no alert reaches anyone.",
    );
  });

  it("nothing to say while a leader sends to one enabled receiver", () => {
    expect(
      notifierProblem(report("running", [receiver("a", "enabled"), receiver("b", "disabled")]), now),
    ).toBeNull();
  });

  it("a notifier not running, none leading, none ever seen", () => {
    expect(notifierProblem(report("not-running", [receiver("a", "unknown")]), now)).toBe(
      "The notifier is not running (last heard from 1m 5s ago): no alert is sent to any chat.",
    );
    expect(notifierProblem(report("no-leader", []), now)).toMatch(/^No notifier leads: 1 standby wait/);
    expect(notifierProblem(report("never-seen", [], null), now)).toMatch(/^No notifier has reported/);
  });
});
