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
