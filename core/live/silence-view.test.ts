import { describe, expect, it } from "vitest";
import type { SilenceRow } from "../api/alerting";
import { silenceView } from "./silence-view";

const feb = Date.parse("2026-02-06T02:19:00Z");
const dec = Date.parse("2026-12-02T13:00:00Z");
const row = (over: Partial<SilenceRow>): SilenceRow => ({
  id: "s",
  matchers: ['shop="42"'],
  startsAt: feb,
  endsAt: feb + 7_200_000,
  clock: "stream",
  createdBy: "ops",
  comment: "",
  createdAt: dec,
  ...over,
});
const alerts = [{ labels: { shop: "42" } }, { labels: { shop: "7" } }];

describe("a silence on the Alerts page", () => {
  it("is judged on its own clock and counts the alerts it mutes", () => {
    expect(silenceView(row({}), { wall: dec, stream: feb + 60_000 }, alerts)).toEqual({
      active: true,
      endsInMs: 7_140_000,
      mutes: 1,
    });
    // The same silence once the stream passed its end: over, whatever the wall clock says.
    expect(silenceView(row({}), { wall: feb, stream: feb + 7_200_000 }, alerts)).toMatchObject({
      active: false,
      mutes: 0,
    });
    expect(silenceView(row({}), { wall: dec, stream: null }, alerts)).toEqual({
      active: false,
      endsInMs: null,
      mutes: 0,
    });
  });

  it("a wall-clock silence follows the wall clock", () => {
    const wall = row({ clock: "wall", startsAt: dec, endsAt: dec + 3_600_000 });
    expect(silenceView(wall, { wall: dec + 1000, stream: feb }, alerts)).toEqual({
      active: true,
      endsInMs: 3_599_000,
      mutes: 1,
    });
  });
});
