import { describe, expect, it } from "vitest";
import { fmtElapsed, parseElapsed } from "./format";

describe("replay positions", () => {
  it("reads hours, h:mm and h:mm:ss", () => {
    expect(parseElapsed("5")).toBe(5 * 3600_000);
    expect(parseElapsed("4.5h")).toBe(4.5 * 3600_000);
    expect(parseElapsed("5:00")).toBe(5 * 3600_000);
    expect(parseElapsed(" 0:30:15 ")).toBe((30 * 60 + 15) * 1000);
    expect(parseElapsed("5:75")).toBeNull();
    expect(parseElapsed("five")).toBeNull();
  });

  it("formats elapsed time", () => {
    expect(fmtElapsed(5 * 3600_000 + 3 * 60_000 + 9000)).toBe("5:03:09");
    expect(fmtElapsed(-5)).toBe("0:00:00");
  });
});
