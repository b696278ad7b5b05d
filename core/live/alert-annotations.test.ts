import { describe, expect, it } from "vitest";
import { type AlertChange, alertSpans } from "./alert-annotations";

const ch = (fingerprint: string, state: AlertChange["state"], at: number, rule = "r"): AlertChange => ({
  fingerprint,
  rule,
  state,
  at,
  labels: { severity: fingerprint === "c" ? "critical" : "warning" },
});

describe("alertSpans", () => {
  it("merges overlapping episodes of a rule and keeps the worst severity", () => {
    expect(
      alertSpans(
        [ch("a", "firing", 10), ch("c", "firing", 20), ch("a", "resolved", 30), ch("c", "resolved", 40)],
        0,
      ),
    ).toEqual([{ rule: "r", severity: "critical", from: 10, to: 40, alerts: 2 }]);
  });

  it("keeps separate spans apart, opens at the range start and leaves firing ones open", () => {
    expect(
      alertSpans(
        [
          ch("a", "resolved", 5),
          ch("a", "pending", 8),
          ch("a", "firing", 10),
          ch("b", "firing", 12, "other"),
        ],
        1,
      ),
    ).toEqual([
      { rule: "r", severity: "warning", from: 1, to: 5, alerts: 1 },
      { rule: "r", severity: "warning", from: 10, to: null, alerts: 1 },
      { rule: "other", severity: "warning", from: 12, to: null, alerts: 1 },
    ]);
  });

  it("starts alerts already firing at the range start there", () => {
    expect(
      alertSpans([ch("a", "resolved", 50)], 0, [
        { fingerprint: "a", rule: "r", labels: {} },
        { fingerprint: "b", rule: "q", labels: {} },
      ]),
    ).toEqual([
      { rule: "q", severity: "warning", from: 0, to: null, alerts: 1 },
      { rule: "r", severity: "warning", from: 0, to: 50, alerts: 1 },
    ]);
  });
});
