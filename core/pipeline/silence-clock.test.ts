import { describe, expect, it } from "vitest";
import { parseMatcher } from "../alerts/matchers";
import { isActive, type Silence, silencedBy } from "../alerts/silences";
import { createSilenceClock, newSilenceWindow } from "./silence-clock";

const feb = Date.parse("2026-02-06T02:19:00Z");
const dec = Date.parse("2026-12-02T13:00:00Z");
const h = 3_600_000;
const silence = (w: ReturnType<typeof newSilenceWindow>): Silence => ({
  id: "s",
  matchers: [parseMatcher('shop="42"')],
  createdBy: "ops",
  comment: "",
  ...w,
});

describe("silences on the stream's clock", () => {
  it("a silence made while the page follows the stream covers stream time", () => {
    const w = newSilenceWindow({ clock: "stream", streamTime: feb }, dec, 2 * h);
    expect(w).toEqual({ clock: "stream", startsAt: feb, endsAt: feb + 2 * h });
    const s = silence(w);
    // In force for 2 h of the stream, whatever the wall clock says.
    expect(isActive(s, { wall: dec, stream: feb + h })).toBe(true);
    expect(isActive(s, { wall: dec + 10 * h, stream: feb + h })).toBe(true);
    expect(isActive(s, { wall: dec + 60_000, stream: feb + 2 * h })).toBe(false);
    // Unknown stream time: neither in force nor over.
    expect(isActive(s, { wall: dec, stream: null })).toBe(false);
    expect(silencedBy({ shop: "42" }, [s], { wall: dec, stream: feb + 1 })).toEqual(["s"]);
  });

  it("a silence made on the wall clock is Alertmanager's: wall time from now", () => {
    const w = newSilenceWindow({ clock: "wall", streamTime: dec - 2000 }, dec, 2 * h);
    expect(w).toEqual({ clock: "wall", startsAt: dec, endsAt: dec + 2 * h });
    const s = silence(w);
    expect(isActive(s, { wall: dec + h, stream: feb })).toBe(true);
    expect(isActive(s, { wall: dec + 2 * h, stream: dec + h })).toBe(false);
    expect(newSilenceWindow(null, dec, h).clock).toBe("wall");
    // A silence without a clock (Alertmanager's API, older rows) is a wall-clock silence.
    expect(isActive({ ...s, clock: undefined }, { wall: dec + h, stream: null })).toBe(true);
  });

  it("the stream clock stands still while no worker reports", () => {
    const c = createSilenceClock();
    expect(c.at(dec)).toEqual({ wall: dec, stream: null });
    c.observe(feb);
    c.observe(null);
    expect(c.at(dec + h)).toEqual({ wall: dec + h, stream: feb });
    c.observe(feb + 1000);
    expect(c.at(dec).stream).toBe(feb + 1000);
  });
});
