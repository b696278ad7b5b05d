import { describe, expect, it } from "vitest";
import { createExtraFieldCounts, otherField } from "./extra-fields";

describe("extra field counts", () => {
  it("counts per type and name", () => {
    const c = createExtraFieldCounts();
    c.note("order", ["traceId", "coupon"]);
    c.note("order", ["traceId"]);
    c.note("api", ["traceId"]);
    expect(c.entries()).toEqual([
      { type: "order", field: "traceId", count: 2 },
      { type: "order", field: "coupon", count: 1 },
      { type: "api", field: "traceId", count: 1 },
    ]);
  });

  it("caps the names: new ones past the cap go to (other), known ones keep counting", () => {
    const c = createExtraFieldCounts({ maxFields: 2 });
    c.note("order", ["a", "b"]);
    c.note("order", ["c", "d", "a"]);
    const e = c.entries();
    expect(e).toContainEqual({ type: "order", field: "a", count: 2 });
    expect(e).toContainEqual({ type: "order", field: otherField, count: 2 });
    expect(e).toHaveLength(3);
  });
});
