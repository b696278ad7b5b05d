import { describe, expect, it } from "vitest";
import { saturationText } from "./saturation-text";

describe("saturationText", () => {
  it("reads 0 (already at capacity) as a state, a positive forecast as a countdown", () => {
    expect(saturationText(0)).toBe("saturated");
    expect(saturationText(0.4)).toBe("in under 1 s");
    expect(saturationText(1234.4)).toBe("in 1,234 s");
    expect(saturationText(null)).toBe("–");
  });
});
