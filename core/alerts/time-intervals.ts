/**
 * Time intervals as Alertmanager writes them (`time_intervals` in alerting.yaml), named and used
 * by routes as `mute_time_intervals` (send nothing while inside) and `active_time_intervals` (send
 * only while inside). One interval holds when every field it sets holds: `times` (start
 * inclusive, end exclusive, `HH:MM`, end up to `24:00`), `weekdays` (`monday:friday`, `sunday`),
 * `days_of_month` (`1:5`, `-1` = the last day), `months` (`january:march`, `1:3`), `years`
 * (`2026:2027`), read in `location` (an IANA zone like `Asia/Shanghai`, `UTC` by default,
 * `Local` for the machine's). A named set of intervals holds when one of them does.
 */
import { z } from "zod";

const weekdayNames = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
const monthNames = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];

/** An inclusive range of numbers (weekday 0 = Sunday, month 1 = January, day -1 = the month's last). */
export interface InclusiveRange {
  begin: number;
  end: number;
}

export interface TimeInterval {
  /** Minutes of the day: [start, end). */
  times?: Array<{ startMinute: number; endMinute: number }>;
  weekdays?: InclusiveRange[];
  daysOfMonth?: InclusiveRange[];
  months?: InclusiveRange[];
  years?: InclusiveRange[];
  /** IANA zone, or undefined for the machine's (`Local`). */
  location: string | undefined;
}

const clock = z.string().transform((s, ctx) => {
  const m = /^(\d{2}):(\d{2})$/.exec(s);
  const minutes = m ? Number(m[1]) * 60 + Number(m[2]) : Number.NaN;
  if (!m || Number(m[2]) > 59 || minutes > 1440) {
    ctx.addIssue({
      code: "custom",
      message: `${JSON.stringify(s)}: a time of day like 08:30 (00:00 to 24:00)`,
    });
    return z.NEVER;
  }
  return minutes;
});

/** `a` or `a:b`, each side a number or (with `names`) a name; checked against [min, max]. */
const ranges = (what: string, min: number, max: number, names?: string[], base = 0) =>
  z.array(
    z.string().transform((s, ctx): InclusiveRange => {
      const value = (t: string): number => {
        const lower = t.trim().toLowerCase();
        const named = names?.indexOf(lower) ?? -1;
        if (named >= 0) return named + base;
        return /^-?\d+$/.test(lower) ? Number(lower) : Number.NaN;
      };
      const parts = s.split(":");
      const begin = value(parts[0] ?? "");
      const end = parts.length === 2 ? value(parts[1]!) : begin;
      const ok = (n: number) => Number.isInteger(n) && n >= min && n <= max && !(n === 0 && min < 0);
      // Same sign: in order. A positive begin with a negative end (`5:-1`, the 5th to the last) is fine.
      const ordered = min < 0 && Math.sign(begin) !== Math.sign(end) ? begin > 0 : begin <= end;
      if (parts.length > 2 || !ok(begin) || !ok(end) || !ordered) {
        ctx.addIssue({ code: "custom", message: `${JSON.stringify(s)}: ${what}` });
        return z.NEVER;
      }
      return { begin, end };
    }),
  );

const location = z
  .string()
  .default("UTC")
  .transform((s, ctx) => {
    if (s === "Local") return undefined;
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: s });
      return s;
    } catch {
      ctx.addIssue({
        code: "custom",
        message: `unknown time zone ${JSON.stringify(s)} (an IANA name like Asia/Shanghai, UTC or Local)`,
      });
      return z.NEVER;
    }
  });

export const TimeIntervalSchema = z
  .strictObject({
    times: z
      .array(
        z
          .strictObject({ start_time: clock, end_time: clock })
          .refine((t) => t.start_time < t.end_time, "start_time must be before end_time")
          .transform((t) => ({ startMinute: t.start_time, endMinute: t.end_time })),
      )
      .optional(),
    weekdays: ranges("a weekday or range like monday:friday", 0, 6, weekdayNames).optional(),
    days_of_month: ranges(
      "a day or range like 1:5 or -3:-1 (1 to 31, negative from the end)",
      -31,
      31,
    ).optional(),
    months: ranges("a month or range like january:march or 1:3", 1, 12, monthNames, 1).optional(),
    years: ranges("a year or range like 2026:2027", 1, 9999).optional(),
    location,
  })
  .transform(
    (t): TimeInterval => ({
      ...(t.times ? { times: t.times } : {}),
      ...(t.weekdays ? { weekdays: t.weekdays } : {}),
      ...(t.days_of_month ? { daysOfMonth: t.days_of_month } : {}),
      ...(t.months ? { months: t.months } : {}),
      ...(t.years ? { years: t.years } : {}),
      location: t.location,
    }),
  );

/** A named set, as in `time_intervals: [{ name, time_intervals: [...] }]`. */
export const NamedTimeIntervalSchema = z.strictObject({
  name: z.string().min(1).max(100),
  time_intervals: z.array(TimeIntervalSchema).default([]),
});

interface LocalTime {
  year: number;
  month: number;
  day: number;
  weekday: number;
  minute: number;
  daysInMonth: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();
function localTime(at: number, zone: string | undefined): LocalTime {
  const key = zone ?? "";
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      ...(zone ? { timeZone: zone } : {}),
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      weekday: "long",
    });
    formats.set(key, f);
  }
  const parts: Record<string, string> = {};
  for (const p of f.formatToParts(at)) parts[p.type] = p.value;
  const year = Number(parts.year);
  const month = Number(parts.month);
  return {
    year,
    month,
    day: Number(parts.day),
    weekday: weekdayNames.indexOf(parts.weekday!.toLowerCase()),
    minute: Number(parts.hour) * 60 + Number(parts.minute),
    daysInMonth: new Date(Date.UTC(year, month, 0)).getUTCDate(),
  };
}

const inRanges = (v: number, rs: readonly InclusiveRange[]) => rs.some((r) => r.begin <= v && v <= r.end);

/** Whether wall-clock ms `at` falls inside `t`. */
export function intervalContains(t: TimeInterval, at: number): boolean {
  const l = localTime(at, t.location);
  if (t.times && !t.times.some((x) => x.startMinute <= l.minute && l.minute < x.endMinute)) return false;
  if (t.weekdays && !inRanges(l.weekday, t.weekdays)) return false;
  if (t.months && !inRanges(l.month, t.months)) return false;
  if (t.years && !inRanges(l.year, t.years)) return false;
  if (t.daysOfMonth) {
    // Negative days count from the month's end (-1 = its last day), clamped to the month.
    const abs = (d: number) => Math.min(l.daysInMonth, Math.max(1, d < 0 ? l.daysInMonth + d + 1 : d));
    if (!t.daysOfMonth.some((r) => abs(r.begin) <= l.day && l.day <= abs(r.end))) return false;
  }
  return true;
}

/** Whether one of the named set's intervals holds at `at`. */
export const anyContains = (set: readonly TimeInterval[], at: number): boolean =>
  set.some((t) => intervalContains(t, at));

/**
 * Whether a route sends nothing at `at`: inside one of its mute intervals, or outside all of
 * its active intervals (when it has any). Unknown names were refused when the policy loaded.
 */
export function timeMuted(
  route: { muteTimeIntervals: readonly string[]; activeTimeIntervals: readonly string[] },
  intervals: ReadonlyMap<string, readonly TimeInterval[]>,
  at: number,
): boolean {
  if (route.muteTimeIntervals.some((n) => anyContains(intervals.get(n) ?? [], at))) return true;
  return (
    route.activeTimeIntervals.length > 0 &&
    !route.activeTimeIntervals.some((n) => anyContains(intervals.get(n) ?? [], at))
  );
}
