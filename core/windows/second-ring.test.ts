import { describe, expect, it } from "vitest";
import { createDictionary, overflowKey } from "./dictionary";
import { createSecondRing } from "./second-ring";

describe("second ring", () => {
  it("sums windows per key over exactly the requested seconds", () => {
    const r = createSecondRing({ keys: 2, slots: 16 });
    r.add(0, 1000);
    r.add(0, 1000, 2);
    r.add(1, 1009, 5);
    r.add(0, 1010);
    expect([...r.sumRange(1000, 1010)].slice(0, 2)).toEqual([3, 5]);
    expect([...r.sumRange(1001, 1011)].slice(0, 2)).toEqual([1, 5]);
    expect([...r.sumRange(1010, 1011)].slice(0, 2)).toEqual([1, 0]);
  });

  it("recycles a slot when the ring wraps and refuses seconds older than it", () => {
    const r = createSecondRing({ keys: 1, slots: 4 });
    r.add(0, 10, 7);
    r.add(0, 14, 1); // same slot as 10
    expect(r.get(0, 10)).toBe(0);
    expect(r.get(0, 14)).toBe(1);
    expect(r.add(0, 10)).toBe(false);
    expect(r.sumRange(0, 100)[0]).toBe(0); // only the last 4 seconds before 100 are in range
    expect(r.sumRange(11, 15)[0]).toBe(1);
  });

  it("grows its key space without losing counts", () => {
    const r = createSecondRing({ keys: 1, slots: 4 });
    r.add(0, 5, 3);
    r.add(9, 5, 4);
    expect(r.keys).toBeGreaterThanOrEqual(10);
    expect(r.get(0, 5)).toBe(3);
    expect(r.get(9, 5)).toBe(4);
  });
});

describe("dictionary", () => {
  it("caps distinct keys and folds the rest into the overflow key", () => {
    const d = createDictionary({ capacity: 3 });
    expect(d.index("a")).toBe(0);
    expect(d.index("b")).toBe(1);
    const o = d.index("c");
    expect(d.name(o)).toBe(overflowKey);
    expect(d.index("d")).toBe(o);
    expect(d.index("a")).toBe(0);
    expect(d.size).toBe(3);
  });
});
