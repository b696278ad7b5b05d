import { describe, expect, it } from "vitest";
import { createInterner } from "./intern";

const b = (s: string) => Buffer.from(s);

describe("interner", () => {
  it("returns what was cached for the same bytes, wherever they sit", () => {
    const i = createInterner({ slots: 16, maxBytes: 8 });
    expect(i.get(b("xHeytea"), 1, 7)).toBeUndefined();
    i.put(b("Heytea"), 0, 6, "Heytea");
    expect(i.get(b('"Heytea"'), 1, 7)).toBe("Heytea");
    expect(i.get(b("Heytex"), 0, 6)).toBeUndefined();
    expect(i.get(b("Heyte"), 0, 5)).toBeUndefined();
  });

  it("never caches sequences longer than maxBytes, and a clash only forgets", () => {
    const i = createInterner({ slots: 1, maxBytes: 4 });
    expect(i.put(b("toolong"), 0, 7, "toolong")).toBe("toolong");
    expect(i.get(b("toolong"), 0, 7)).toBeUndefined();
    i.put(b("ab"), 0, 2, "ab");
    i.put(b("cd"), 0, 2, "cd"); // same (only) slot
    expect(i.get(b("ab"), 0, 2)).toBeUndefined();
    expect(i.get(b("cd"), 0, 2)).toBe("cd");
  });

  it("rejects a slot count that is not a power of two", () => {
    expect(() => createInterner({ slots: 12 })).toThrow(RangeError);
  });
});
