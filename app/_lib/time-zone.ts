"use client";
/**
 * The time zone the dashboard's clock times are in (chart axes and tooltips: the browser's own).
 * Read after mount, since the server renders in its own zone; null until then.
 */
import { useEffect, useState } from "react";

export interface TimeZoneInfo {
  /** IANA name, e.g. `Europe/Paris` or `UTC`. */
  name: string;
  /** Short name now, e.g. `CET`, `GMT+8`, `UTC`. */
  short: string;
}

/** The zone `Intl` resolves for this runtime (pure apart from the clock it reads). */
export function currentTimeZone(at = new Date()): TimeZoneInfo {
  const name = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  const short =
    new Intl.DateTimeFormat("en-US", { timeZoneName: "short" })
      .formatToParts(at)
      .find((p) => p.type === "timeZoneName")?.value ?? name;
  return { name, short };
}

/** The browser's time zone, null during the server render and the first client render. */
export function useTimeZone(): TimeZoneInfo | null {
  const [tz, setTz] = useState<TimeZoneInfo | null>(null);
  useEffect(() => setTz(currentTimeZone()), []);
  return tz;
}

/** "UTC" or "Europe/Paris (CET)". */
export function tzLabel(tz: TimeZoneInfo): string {
  return tz.short === tz.name ? tz.name : `${tz.name} (${tz.short})`;
}
