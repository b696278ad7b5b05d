import { describe, expect, it } from "vitest";
import { firingTitle, fmtFiringFor } from "./firing-age";

const sec = 1000;
const min = 60 * sec;
const hour = 60 * min;

describe("fmtFiringFor (issue 15: the active alerts' age)", () => {
  it("seconds under a minute, whole minutes under an hour", () => {
    expect(fmtFiringFor(0)).toBe("0s");
    expect(fmtFiringFor(999)).toBe("0s");
    expect(fmtFiringFor(59 * sec)).toBe("59s");
    expect(fmtFiringFor(60 * sec)).toBe("1m");
    expect(fmtFiringFor(4 * min + 59 * sec)).toBe("4m");
    expect(fmtFiringFor(59 * min + 59 * sec)).toBe("59m");
  });

  it("hours with minutes, days with hours; a zero second unit is left out", () => {
    expect(fmtFiringFor(hour)).toBe("1h");
    expect(fmtFiringFor(hour + 5 * min + 30 * sec)).toBe("1h 5m");
    expect(fmtFiringFor(23 * hour + 59 * min)).toBe("23h 59m");
    expect(fmtFiringFor(24 * hour)).toBe("1d");
    expect(fmtFiringFor(2 * 24 * hour + 3 * hour + 10 * min)).toBe("2d 3h");
  });

  it("an alert stamped a little ahead of the page's clock reads 0s, not a negative age", () => {
    expect(fmtFiringFor(-5 * sec)).toBe("0s");
  });
});

describe("firingTitle", () => {
  it("gives the exact start in UTC and the age to the second", () => {
    const since = Date.UTC(2026, 1, 6, 10, 4, 12);
    expect(firingTitle(since, 4 * min + 12 * sec)).toBe("firing since 2026-02-06 10:04:12 UTC (4m 12s)");
    expect(firingTitle(since, 2 * hour + 3 * sec)).toBe("firing since 2026-02-06 10:04:12 UTC (2h 0m 3s)");
  });
});
