/**
 * How long an alert has been firing, as Grafana and Alertmanager show it beside an alert: the
 * largest unit and the one under it ("45s", "4m", "1h 5m", "2d 3h"), so a glance at the list tells
 * a fresh alert from one that has fired all evening; the exact start goes in a tooltip. Pure.
 */

const units: ReadonlyArray<readonly [suffix: string, seconds: number]> = [
  ["d", 86_400],
  ["h", 3600],
  ["m", 60],
  ["s", 1],
];

/**
 * "45s", "4m", "1h 5m", "2d 3h" for `ms` of firing (negative: 0s). Under an hour, whole minutes
 * only: "4m" for 4 min 59 s, as the age is read at a glance and moves every minute.
 */
export function fmtFiringFor(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  const i = units.findIndex(([, size]) => s >= size);
  const [bigName, big] = units[i]!;
  const [smallName, small] = units[i + 1]!;
  const rest = Math.floor((s % big) / small);
  return rest > 0
    ? `${Math.floor(s / big)}${bigName} ${rest}${smallName}`
    : `${Math.floor(s / big)}${bigName}`;
}

/** The tooltip: the exact start in UTC and the age to the second, "firing since 2026-02-06 10:04:12 UTC (4m 12s)". */
export function firingTitle(since: number, ageMs: number): string {
  const at = new Date(since).toISOString().replace("T", " ").slice(0, 19);
  const s = Math.max(0, Math.floor(ageMs / 1000));
  const exact =
    s < 3600
      ? `${Math.floor(s / 60)}m ${s % 60}s`
      : `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m ${s % 60}s`;
  return `firing since ${at} UTC (${exact})`;
}
