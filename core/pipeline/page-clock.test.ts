import { describe, expect, it } from "vitest";
import { alertAge, pageNow } from "./page-clock";

// A simulated launch on 2026-02-06 watched on a machine whose clock says December.
const launch = Date.parse("2026-02-06T02:00:00Z");
const wall = Date.parse("2026-12-02T06:00:00Z");
const stream = { clock: "stream" as const, streamTime: launch + 19 * 60_000 };

describe("the page clock", () => {
  it("follows the stream clock when the status says so, else the wall clock", () => {
    expect(pageNow(stream, wall)).toBe(launch + 19 * 60_000);
    expect(pageNow({ clock: "wall", streamTime: wall - 2000 }, wall)).toBe(wall);
    expect(pageNow(null, wall)).toBe(wall);
  });

  it("gives a months-later machine an alert age in the stream's clock (no 7175 h)", () => {
    const age = alertAge({ rule: "shop-over-capacity", since: launch + 12 * 60_000 }, stream, wall);
    expect(age).toBe(7 * 60_000);
    // What the page showed before: the wall clock against an event-time start.
    expect(wall - (launch + 12 * 60_000)).toBeGreaterThan(7000 * 3_600_000);
  });

  it("keeps the wall clock for the pipeline's own alerts, stamped in wall time", () => {
    expect(alertAge({ rule: "no-data", since: wall - 40_000 }, stream, wall)).toBe(40_000);
  });

  it("keeps the wall clock for alerts posted through the Alertmanager API (Prometheus stamps wall time)", () => {
    expect(alertAge({ rule: "CheckoutSlow", since: wall - 90_000, external: true }, stream, wall)).toBe(
      90_000,
    );
    expect(alertAge({ rule: "CheckoutSlow", since: wall - 90_000 }, stream, wall)).toBe(0);
  });
});
