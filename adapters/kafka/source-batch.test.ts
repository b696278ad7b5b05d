import { describe, expect, it } from "vitest";
import { dropBefore, keyAt, packMessages, valueAt } from "./source-batch";

const batch = packMessages([
  { offset: 5, key: Buffer.from("a"), value: Buffer.from("va") },
  { offset: 6, key: null, value: Buffer.from("vb") },
  { offset: 8, key: Buffer.from("c"), value: null },
]);
const view = (b: ReturnType<typeof packMessages> | null) =>
  b
    ? Array.from({ length: b.count }, (_, i) => [
        b.offsets[i],
        keyAt(b, i)?.toString() ?? null,
        valueAt(b, i)?.toString() ?? null,
      ])
    : null;

describe("source batch", () => {
  it("packs messages into columns and reads them back", () => {
    expect(view(batch)).toEqual([
      [5, "a", "va"],
      [6, null, "vb"],
      [8, "c", null],
    ]);
  });

  it("drops the messages before an offset", () => {
    expect(dropBefore(batch, 5)).toBe(batch);
    expect(view(dropBefore(batch, 6))).toEqual([
      [6, null, "vb"],
      [8, "c", null],
    ]);
    expect(view(dropBefore(batch, 7))).toEqual([[8, "c", null]]);
    expect(dropBefore(batch, 9)).toBeNull();
  });
});
