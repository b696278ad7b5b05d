import { describe, expect, it } from "vitest";
import { describeOverrides, splitRoom } from "./replay-info";

describe("describeOverrides", () => {
  it("says what a replay changed, or that it replays what happened", () => {
    expect(describeOverrides({ overrides: [], ruleOverrides: [] })).toBe("as it happened");
    expect(
      describeOverrides({
        overrides: [
          { target: "shops", multiply: 2 },
          { target: "chain", key: "Heytea", set: 9 },
        ],
        ruleOverrides: [{ rule: "shop-over-capacity", field: "for", value: "5m" }],
      }),
    ).toBe("shops ×2, chain Heytea = 9, shop-over-capacity for = 5m");
  });
});

describe("splitRoom", () => {
  it("tells a replay's rooms from live ones", () => {
    expect(splitRoom("overview")).toEqual({ replay: null, room: "overview" });
    expect(splitRoom("replay:abc123|shop:42")).toEqual({ replay: "abc123", room: "shop:42" });
    expect(splitRoom("replay:abc123")).toEqual({ replay: "abc123", room: "" });
  });
});
