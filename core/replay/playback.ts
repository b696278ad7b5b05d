/**
 * The replay clock: where in event time a replay is, whether it plays and how fast. Pure state
 * transitions, so the server's shared session and the tests drive the same code. Times are
 * event-time epoch ms; speed is event seconds per wall second.
 */
import { z } from "zod";

/** Slowest and fastest playback (1x to 1000x). */
export const minSpeed = 1;
export const maxSpeed = 1000;
/** The speeds the controls offer. */
export const speedSteps = [1, 10, 60, 300, 1000] as const;

export interface Playback {
  /** Start of the replayed range (ms). */
  from: number;
  /** End of the replayed range (ms). */
  to: number;
  /** Current position (ms), within [from, to]. */
  position: number;
  playing: boolean;
  speed: number;
}

export const PlaybackControlSchema = z.discriminatedUnion("action", [
  z.strictObject({ action: z.literal("play") }),
  z.strictObject({ action: z.literal("pause") }),
  z.strictObject({ action: z.literal("seek"), t: z.number().int() }),
  z.strictObject({ action: z.literal("speed"), speed: z.number().min(minSpeed).max(maxSpeed) }),
]);
export type PlaybackControl = z.infer<typeof PlaybackControlSchema>;

/** A paused playback at the start of [from, to] (`to` < `from` is treated as an empty range). */
export function initialPlayback(from: number, to: number, speed = 60): Playback {
  return { from, to: Math.max(from, to), position: from, playing: false, speed: clampSpeed(speed) };
}

const clampSpeed = (s: number) => Math.min(maxSpeed, Math.max(minSpeed, s));

/** Moves a playing clock on by `wallMs` of wall time; it pauses at the end of the range. */
export function advance(p: Playback, wallMs: number): Playback {
  if (!p.playing || wallMs <= 0) return p;
  const position = Math.min(p.to, p.position + wallMs * p.speed);
  return { ...p, position, playing: position < p.to };
}

/** Applies a control. Playing at the end starts again from the beginning. */
export function control(p: Playback, c: PlaybackControl): Playback {
  switch (c.action) {
    case "play":
      return { ...p, playing: true, position: p.position >= p.to ? p.from : p.position };
    case "pause":
      return { ...p, playing: false };
    case "seek":
      return { ...p, position: Math.min(p.to, Math.max(p.from, c.t)) };
    case "speed":
      return { ...p, speed: clampSpeed(c.speed) };
  }
}
