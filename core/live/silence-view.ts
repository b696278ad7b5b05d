/**
 * A silence as the Alerts page shows it: in force or not on its own clock (the same rule the
 * notifier mutes by, core/alerts/silences.ts), how long until it ends there, and how many of the
 * active alerts it mutes now. Pure.
 */

import { type Labels, matchesAll, parseMatcher } from "../alerts/matchers";
import { isActive, nowOn, type SilenceNow } from "../alerts/silences";
import type { SilenceRow } from "../api/alerting";

export interface SilenceView {
  active: boolean;
  /** Ms until it ends on its clock (null: its clock's time is not known). */
  endsInMs: number | null;
  /** Active alerts it mutes now (0 when not in force). */
  mutes: number;
}

export function silenceView(
  s: SilenceRow,
  now: SilenceNow,
  alerts: ReadonlyArray<{ labels: Labels }>,
): SilenceView {
  const silence = { ...s, matchers: s.matchers.map(parseMatcher) };
  const active = isActive(silence, now);
  const t = nowOn(silence, now);
  return {
    active,
    endsInMs: t === null ? null : s.endsAt - t,
    mutes: active ? alerts.filter((a) => matchesAll(silence.matchers, a.labels)).length : 0,
  };
}
