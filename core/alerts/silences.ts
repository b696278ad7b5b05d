/**
 * Silences: label matchers plus a time window, set by an operator ("mute shop alerts of chain X
 * for 30 minutes"). A silenced alert is still tracked and stored, only left out of notifications.
 * As in Alertmanager, a silence must have a matcher that rejects the empty value, so it cannot
 * mute everything by accident.
 */
import { z } from "zod";
import { type Labels, type Matcher, MatcherSchema, matchesAll, matchesOne } from "./matchers";

export interface Silence {
  id: string;
  matchers: Matcher[];
  /** Wall-clock ms. */
  startsAt: number;
  /** Wall-clock ms; the silence expires here. */
  endsAt: number;
  createdBy: string;
  comment: string;
}

/** A silence as the UI or API submits it. `endsAt` must be after `startsAt` (default: now). */
export const SilenceInputSchema = z
  .strictObject({
    matchers: z.array(MatcherSchema).min(1, "at least one matcher"),
    startsAt: z.number().int().optional(),
    endsAt: z.number().int(),
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

/** Whether `s` is in force at `now`. */
export function isActive(s: Silence, now: number): boolean {
  return s.startsAt <= now && now < s.endsAt;
}

/** Ids of the silences in force at `now` that match `labels` (empty: not silenced). */
export function silencedBy(labels: Labels, silences: readonly Silence[], now: number): string[] {
  const out: string[] = [];
  for (const s of silences) if (isActive(s, now) && matchesAll(s.matchers, labels)) out.push(s.id);
  return out;
}

/** A matcher function over the silences active at `now`, for checking many alerts at once. */
export function silenceFilter(silences: readonly Silence[], now: number): (labels: Labels) => boolean {
  const active = silences.filter((s) => isActive(s, now));
  if (active.length === 0) return () => false;
  return (labels) => active.some((s) => matchesAll(s.matchers, labels));
}
