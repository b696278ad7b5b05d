import { describe, expect, it } from "vitest";
import { advance, control, initialPlayback, maxSpeed } from "./playback";

describe("playback", () => {
  const p0 = initialPlayback(1_000_000, 1_000_000 + 3600_000, 60);

  it("starts paused at the beginning and does not move while paused", () => {
    expect(p0).toMatchObject({ position: 1_000_000, playing: false, speed: 60 });
    expect(advance(p0, 5000)).toBe(p0);
  });

  it("moves speed x wall time while playing", () => {
    const p = advance(control(p0, { action: "play" }), 500);
    expect(p.position).toBe(1_000_000 + 30_000);
    expect(p.playing).toBe(true);
  });

  it("stops exactly at the end, and play at the end restarts from the beginning", () => {
    const end = advance(control(control(p0, { action: "speed", speed: 1000 }), { action: "play" }), 10_000);
    expect(end).toMatchObject({ position: p0.to, playing: false });
    expect(control(end, { action: "play" })).toMatchObject({ position: p0.from, playing: true });
  });

  it("clamps seeks to the range and speeds to 1x..1000x", () => {
    expect(control(p0, { action: "seek", t: 0 }).position).toBe(p0.from);
    expect(control(p0, { action: "seek", t: p0.to + 1 }).position).toBe(p0.to);
    expect(control(p0, { action: "seek", t: p0.from + 5 }).position).toBe(p0.from + 5);
    expect(control(p0, { action: "speed", speed: 5000 }).speed).toBe(maxSpeed);
    expect(initialPlayback(0, 10, 0).speed).toBe(1);
  });

  it("pause keeps the position", () => {
    const p = advance(control(p0, { action: "play" }), 1000);
    const paused = control(p, { action: "pause" });
    expect(paused).toMatchObject({ position: p.position, playing: false });
  });
});
