import { describe, expect, it } from "vitest";
import { databaseOutage } from "./database-outage";

describe("databaseOutage", () => {
  it("is ok while flushes succeed or only dead letters fail", () => {
    expect(databaseOutage({ flushFailingSince: 0, flushError: "" }, 10_000, 1000)).toEqual({ state: "ok" });
    expect(databaseOutage({ flushFailingSince: 1, flushError: "dead letters: x" }, 10_000, 1000).state).toBe(
      "ok",
    );
  });

  it("reports the outage, then asks to exit once it lasts past the limit", () => {
    const down = { flushFailingSince: 1000, flushError: "postgres: terminating connection" };
    expect(databaseOutage(down, 30_000, 60_000)).toEqual({
      state: "down",
      detail: expect.stringContaining("29 s"),
    });
    const exit = databaseOutage(down, 61_000, 60_000);
    expect(exit.state).toBe("exit");
    expect(exit.state !== "ok" && exit.detail).toContain("LW_DB_OUTAGE_EXIT_MS");
  });
});
