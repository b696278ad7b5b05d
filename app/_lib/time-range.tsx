"use client";
/**
 * The dashboard-wide time range: live, a recent window, or custom dates. Kept in a context so
 * it survives page changes, mirrored into the URL (`?range=1h`, `?from=..&to=..`) so a link
 * shows the same range.
 */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useRef, useState } from "react";
import { useReplayScope } from "./replay-scope";
import { replaceUrl, useRewriteOnNavigation } from "./url-state";

export type RangeKey = "live" | "15m" | "1h" | "6h" | "custom";
export const rangeKeys: RangeKey[] = ["live", "15m", "1h", "6h", "custom"];
export const rangeSeconds: Record<"15m" | "1h" | "6h", number> = { "15m": 900, "1h": 3600, "6h": 21_600 };

export interface TimeRange {
  key: RangeKey;
  /** Epoch seconds, custom only. */
  from?: number;
  to?: number;
}

export function parseRange(search: URLSearchParams): TimeRange {
  const key = search.get("range");
  const from = Number(search.get("from"));
  const to = Number(search.get("to"));
  if (key === "custom" && Number.isFinite(from) && Number.isFinite(to) && from > 0 && to > from)
    return { key, from, to };
  if (key === "15m" || key === "1h" || key === "6h") return { key };
  return { key: "live" };
}

/** The history query for a range; null for live. Relative ranges end at the newest data. */
export function historyQuery(r: TimeRange): string | null {
  if (r.key === "live") return null;
  if (r.key === "custom") return r.from && r.to ? `from=${r.from}&to=${r.to}` : null;
  return `span=${rangeSeconds[r.key]}`;
}

/** `url` with the range `r` in its query (`range`, `from`, `to`; live: none), the rest kept. */
export function withRange(url: URL, r: TimeRange): URL {
  const out = new URL(url);
  for (const k of ["range", "from", "to"]) out.searchParams.delete(k);
  if (r.key !== "live") out.searchParams.set("range", r.key);
  if (r.key === "custom" && r.from && r.to) {
    out.searchParams.set("from", String(r.from));
    out.searchParams.set("to", String(r.to));
  }
  return out;
}

const Ctx = createContext<{ range: TimeRange; setRange: (r: TimeRange) => void }>({
  range: { key: "live" },
  setRange: () => {},
});

export function TimeRangeProvider({ children }: { children: ReactNode }) {
  const [range, setRangeState] = useState<TimeRange>({ key: "live" });
  useEffect(() => {
    setRangeState(parseRange(new URLSearchParams(window.location.search)));
  }, []);
  const current = useRef(range);
  current.current = range;
  // Through a link to another page too (its URL starts without the query).
  useRewriteOnNavigation(() => replaceUrl((url) => withRange(url, current.current)));
  const setRange = useCallback((r: TimeRange) => {
    setRangeState(r);
    replaceUrl((url) => withRange(url, r));
  }, []);
  return <Ctx.Provider value={{ range, setRange }}>{children}</Ctx.Provider>;
}

const followPlayback = { range: { key: "live" as const }, setRange: () => {} };

/** The selected range; inside a replay always "live" (the views follow the playback). */
export function useTimeRange(): { range: TimeRange; setRange: (r: TimeRange) => void } {
  const ctx = useContext(Ctx);
  return useReplayScope() ? followPlayback : ctx;
}
