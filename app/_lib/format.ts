/** Number and time formatting for the dashboard: short, unit-bearing, stable width. */

export function fmtNum(n: number | null | undefined, digits = 0): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "–";
  return n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** 1234 → "1.2k", 2_500_000 → "2.5M"; small values keep one decimal. */
export function fmtCompact(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "–";
  const a = Math.abs(n);
  if (a >= 1e9) return `${(n / 1e9).toFixed(a >= 1e10 ? 0 : 1)}B`;
  if (a >= 1e6) return `${(n / 1e6).toFixed(a >= 1e7 ? 0 : 1)}M`;
  if (a >= 1e4) return `${(n / 1e3).toFixed(a >= 1e5 ? 0 : 1)}k`;
  if (a >= 100) return n.toFixed(0);
  if (a >= 10) return n.toFixed(1);
  return n.toFixed(a === 0 ? 0 : 2);
}

export function fmtPct(ratio: number | null | undefined, digits = 0): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return "–";
  return `${(ratio * 100).toFixed(digits)}%`;
}

export function fmtMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "–";
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms >= 10_000 ? 0 : 1)} s` : `${Math.round(ms)} ms`;
}

export function fmtMinutes(min: number | null | undefined): string {
  if (min === null || min === undefined || !Number.isFinite(min)) return "–";
  if (min < 1) return `${Math.round(min * 60)} s`;
  if (min < 90) return `${min.toFixed(min < 10 ? 1 : 0)} min`;
  return `${(min / 60).toFixed(1)} h`;
}

export function fmtAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}

/** Epoch seconds → "14:05:09" (local time). */
export function fmtClock(t: number): string {
  const d = new Date(t * 1000);
  return d.toLocaleTimeString("en-GB", { hour12: false });
}

/** Epoch seconds → "06 Feb 14:05" (local time). */
export function fmtDateTime(t: number): string {
  const d = new Date(t * 1000);
  return `${d.toLocaleDateString("en-GB", { day: "2-digit", month: "short" })} ${d.toLocaleTimeString(
    "en-GB",
    {
      hour12: false,
      hour: "2-digit",
      minute: "2-digit",
    },
  )}`;
}

/** Severity of a utilization ratio: under 80 % fine, up to 100 % high, above over capacity. */
export type Level = "ok" | "warn" | "crit";
export function utilLevel(u: number | null | undefined): Level {
  if (u === null || u === undefined) return "ok";
  return u > 1 ? "crit" : u >= 0.8 ? "warn" : "ok";
}
export const levelWord: Record<Level, string> = { ok: "OK", warn: "HIGH", crit: "OVER" };

/** Milliseconds since a replay's start → "5:03:09". */
export function fmtElapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, "0");
  const ss = String(s % 60).padStart(2, "0");
  return `${Math.floor(s / 3600)}:${mm}:${ss}`;
}

/** "5", "5:00", "5:00:30" or "4.5" (hours) → milliseconds; null if unreadable. */
export function parseElapsed(text: string): number | null {
  const t = text.trim().replace(/h$/i, "");
  if (/^\d+(\.\d+)?$/.test(t)) return Math.round(Number(t) * 3600_000);
  const m = /^(\d+):([0-5]?\d)(?::([0-5]?\d))?$/.exec(t);
  if (!m) return null;
  return (Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3] ?? 0)) * 1000;
}
