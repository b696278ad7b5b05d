/**
 * Silences: label matchers plus a time window, set by an operator ("mute shop alerts of chain X
 * for 30 minutes"). A silenced alert is still tracked and stored, only left out of notifications.
 * As in Alertmanager, a silence must have a matcher that rejects the empty value, so it cannot
 * mute everything by accident.
 *
 * A silence runs on one clock (docs/ALERTING.md, "Silences and the stream's clock"): the wall
 * clock, as in Alertmanager, or the stream's clock (the event time of the newest data) when it
 * was made while the page followed it (a simulation, a replay): "for 2h" then covers 2 h of the
 * stream, and while the stream stands still so does the silence.
 */
import { z } from "zod";
import { type Labels, type Matcher, MatcherSchema, matchesAll, matchesOne } from "./matchers";

export type SilenceClock = "wall" | "stream";

/** The two clocks a silence may run on, at one moment (stream: null while unknown). */
export interface SilenceNow {
  wall: number;
  stream: number | null;
}

export interface Silence {
  id: string;
  matchers: Matcher[];
  /** Ms on the silence's clock. */
  startsAt: number;
  /** Ms on the silence's clock; the silence expires here. */
  endsAt: number;
  /** The clock `startsAt` and `endsAt` are on (default: wall). */
  clock?: SilenceClock;
  createdBy: string;
  comment: string;
}

/** A silence as the UI or API submits it. `endsAt` must be after `startsAt` (default: now). */
export const SilenceInputSchema = z
  .strictObject({
    matchers: z.array(MatcherSchema).min(1, "at least one matcher"),
    startsAt: z.number().int().optional(),
    endsAt: z.number().int(),
    clock: z.enum(["wall", "stream"]).default("wall"),
    createdBy: z.string().min(1).max(200),
    comment: z.string().max(2000).default(""),
  })
  .superRefine((s, ctx) => {
    if (s.startsAt !== undefined && s.endsAt <= s.startsAt)
      ctx.addIssue({ code: "custom", message: "endsAt must be after startsAt", path: ["endsAt"] });
    if (s.matchers.every((m) => matchesOne(m, {})))
      ctx.addIssue({
        code: "custom",
        message: "at least one matcher must reject an empty label (this silence would mute everything)",
        path: ["matchers"],
      });
  });
export type SilenceInput = z.input<typeof SilenceInputSchema>;

/**
 * `now` on the silence's clock: a plain number is both clocks (null: the stream's time is not
 * known, so a stream-clock silence is neither in force nor over).
 */
export function nowOn(s: Pick<Silence, "clock">, now: number | SilenceNow): number | null {
  if (typeof now === "number") return now;
  return s.clock === "stream" ? now.stream : now.wall;
}

/** Whether `s` is in force at `now` (on the silence's own clock). */
export function isActive(s: Silence, now: number | SilenceNow): boolean {
  const t = nowOn(s, now);
  return t !== null && s.startsAt <= t && t < s.endsAt;
}

/** Ids of the silences in force at `now` that match `labels` (empty: not silenced). */
export function silencedBy(labels: Labels, silences: readonly Silence[], now: number | SilenceNow): string[] {
  const out: string[] = [];
  for (const s of silences) if (isActive(s, now) && matchesAll(s.matchers, labels)) out.push(s.id);
  return out;
}

/** A matcher function over the silences active at `now`, for checking many alerts at once. */
export function silenceFilter(
  silences: readonly Silence[],
  now: number | SilenceNow,
): (labels: Labels) => boolean {
  const active = silences.filter((s) => isActive(s, now));
  if (active.length === 0) return () => false;
  return (labels) => active.some((s) => matchesAll(s.matchers, labels));
}
