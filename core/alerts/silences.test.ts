import { describe, expect, it } from "vitest";
import { parseMatcher } from "./matchers";
import { type Silence, SilenceInputSchema, silencedBy, silenceFilter } from "./silences";

const silence = (over: Partial<Silence> = {}): Silence => ({
  id: "s1",
  matchers: [parseMatcher('chain="Heytea"')],
  startsAt: 1000,
  endsAt: 2000,
  createdBy: "ops",
  comment: "",
  ...over,
});

describe("silences", () => {
  it("mutes matching alerts only inside [startsAt, endsAt)", () => {
    const s = [silence()];
    const labels = { alertname: "shop-over-capacity", chain: "Heytea" };
    expect(silencedBy(labels, s, 999)).toEqual([]);
    expect(silencedBy(labels, s, 1000)).toEqual(["s1"]);
    expect(silencedBy(labels, s, 1999)).toEqual(["s1"]);
    expect(silencedBy(labels, s, 2000)).toEqual([]);
    expect(silencedBy({ chain: "Luckin" }, s, 1500)).toEqual([]);
  });

  it("filters many alerts with the silences in force", () => {
    const f = silenceFilter(
      [silence(), silence({ id: "s2", matchers: [parseMatcher('shop=~"1.*"')] })],
      1500,
    );
    expect(f({ chain: "Luckin", shop: "17" })).toBe(true);
    expect(f({ chain: "Luckin", shop: "27" })).toBe(false);
    expect(silenceFilter([silence()], 5000)({ chain: "Heytea" })).toBe(false);
  });

  it("validates input: a window, and no silence that would mute everything", () => {
    expect(
      SilenceInputSchema.safeParse({ matchers: ['chain="Heytea"'], endsAt: 10, createdBy: "ops" }).success,
    ).toBe(true);
    const everything = SilenceInputSchema.safeParse({
      matchers: ['shop=~".*"'],
      endsAt: 10,
      createdBy: "ops",
    });
    expect(everything.success).toBe(false);
    expect(everything.error?.issues[0]?.message).toMatch(/mute everything/);
    const backwards = SilenceInputSchema.safeParse({
      matchers: ['a="b"'],
      startsAt: 10,
      endsAt: 5,
      createdBy: "ops",
    });
    expect(backwards.error?.issues[0]?.path).toEqual(["endsAt"]);
  });
});
