import { describe, expect, it } from "vitest";
import { safeNext } from "./safe-next";

const origin = "https://lw.example.com";

describe("safeNext (issue 16: open redirect after sign-in)", () => {
  it("open redirect after sign-in: next=/\\evil.com and next=/<TAB>/evil.com stay on this origin", () => {
    for (const raw of [
      "/\\evil.com",
      "/\t/evil.com",
      "//evil.com",
      "/\\/evil.com",
      "/\n/evil.com",
      "/ /evil.com",
    ]) {
      const to = safeNext(raw, origin);
      expect(new URL(to, origin).origin, JSON.stringify(raw)).toBe(origin);
    }
  });

  it("keeps same-site paths with their query and hash", () => {
    expect(safeNext("/shops/910001?range=live#top", origin)).toBe("/shops/910001?range=live#top");
    expect(safeNext("/", origin)).toBe("/");
    expect(safeNext(null, origin)).toBe("/");
    expect(safeNext("https://evil.com/", origin)).toBe("/");
    expect(safeNext("javascript:alert(1)", origin)).toBe("/");
  });
});
