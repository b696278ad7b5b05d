import { describe, expect, it } from "vitest";
import { summarize, summaryToCsv } from "./summary";

describe("summaryToCsv (issue 16)", () => {
  it("CSV report neutralises formula cells (=, +, -, @) from event-supplied names", () => {
    const s = summarize([], new Map(), []);
    s.chainSecondsOverCapacity = {
      '=HYPERLINK("http://evil.example","x")': 120,
      "+1+1": 60,
      "-2+3": 60,
      "@SUM(A1)": 60,
      "\tTab": 60,
      Heytea: 60,
    };
    const cells = summaryToCsv(s)
      .split("\n")
      .filter((l) => l.startsWith("minutes_over_capacity_chain"))
      .map((l) => l.slice("minutes_over_capacity_chain,".length));
    expect(cells).toEqual([
      `"'=HYPERLINK(""http://evil.example"",""x"")",2.0`,
      "'+1+1,1.0",
      "'-2+3,1.0",
      "'@SUM(A1),1.0",
      "'\tTab,1.0",
      "Heytea,1.0",
    ]);
  });
});

describe("summaryToCsv (issue 15)", () => {
  it("says which shop an alert row is about, and carries the orders per minute", () => {
    const s = summarize([], new Map(), [
      {
        v: 1,
        fingerprint: "f1",
        rule: "shop-over-capacity",
        state: "firing",
        labels: { alertname: "shop-over-capacity", severity: "warning", shop: "1234", chain: "Heytea" },
        annotations: {},
        startsAt: Date.UTC(2026, 1, 6, 2, 5),
        endsAt: null,
        value: 2,
        sentAt: 0,
      },
    ]);
    s.perMinute = [
      { t: Date.UTC(2026, 1, 6, 2, 0), created: 1500 },
      { t: Date.UTC(2026, 1, 6, 2, 1), created: 1700 },
    ];
    const csv = summaryToCsv(s).split("\n");
    expect(csv).toContain("alert,2026-02-06T02:05:00.000Z shop-over-capacity shop=1234 chain=Heytea,firing");
    expect(csv).toContain("orders_created_per_minute,2026-02-06T02:00:00.000Z,1500");
    expect(csv).toContain("orders_created_per_minute,2026-02-06T02:01:00.000Z,1700");
  });
});
