import { describe, expect, it } from "vitest";
import { DurationSchema, formatDuration, parseDuration, tryParseDuration } from "./duration";

describe("durations (Prometheus/Alertmanager syntax)", () => {
  it.each([
    ["0", 0],
    ["500ms", 500],
    ["30s", 30_000],
    ["2m", 120_000],
    ["1h30m", 5_400_000],
    ["1d", 86_400_000],
    ["1w", 604_800_000],
    ["1y", 365 * 86_400_000],
    ["1y2w3d4h5m6s7ms", 365 * 86_400_000 + 17 * 86_400_000 + 4 * 3_600_000 + 5 * 60_000 + 6007],
    ["0s", 0],
    ["1.5h", 5_400_000],
    ["0.5s", 500],
  ])("%s is %i ms", (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(["", "1", "h", "1.h", ".5h", "30 s", "1m1h", "1s1s", "-1s", "1H", "ms"])("rejects %j", (text) =>
    expect(tryParseDuration(text)).toBeNull(),
  );

  it("formats as Prometheus does and parses its own output", () => {
    for (const ms of [0, 500, 30_000, 5_400_000, 86_400_000 + 1000, 604_800_000 * 3])
      expect(parseDuration(formatDuration(ms))).toBe(ms);
    expect(formatDuration(5_400_000)).toBe("1h30m");
    expect(formatDuration(0)).toBe("0s");
  });

  it("the schema takes strings and whole milliseconds and names the syntax when wrong", () => {
    expect(DurationSchema.parse("1h30m")).toBe(5_400_000);
    expect(DurationSchema.parse(250)).toBe(250);
    const bad = DurationSchema.safeParse("90 minutes");
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toMatch(/1h30m, 1d or 1w/);
  });
});
