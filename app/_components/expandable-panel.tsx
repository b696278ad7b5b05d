"use client";
/**
 * The dashboard's panel chrome, for every panel of a war-room screen:
 * - full screen: the ⤢ button toggles it, Escape leaves; a TimeChart inside takes the screen's
 *   height (`useChartHeight`). Full screen is a CSS state of the page (app/responsive.css), not
 *   the browser's Fullscreen API, so it works in a kiosk browser that already is full screen.
 * - "updated N s ago" from the time of the data it shows (`updatedAt`), turning to a STALE mark
 *   when it is older than `staleAfterMs` or when `staleReason` says its content is not current.
 * The page header (app/_components/shell.tsx) states the time zone the times are in.
 */
import { createContext, type ReactNode, useContext, useEffect, useState } from "react";
import { freshness } from "../_lib/freshness";
import { useConnection, useNow } from "../_lib/live-context";

/** The chart height a full-screen panel offers its chart (null: not full screen). */
const FullHeightContext = createContext<number | null>(null);

/** Inside a full-screen panel, the height its chart should take; else `height`. */
export function useChartHeight(height: number): number {
  return useContext(FullHeightContext) ?? height;
}

export interface PanelFreshnessProps {
  /**
   * Wall-clock ms (the server's) when the data shown was produced: a live view's frame time
   * (`view.at`), or when history was fetched ({@link serverNow} at that moment). Absent: no age
   * line; null: no data yet ("waiting").
   */
  updatedAt?: number | null;
  /** Older than this the age turns into a STALE mark (default 15 s). */
  staleAfterMs?: number;
  /** Marks the panel stale whatever its age, saying why (e.g. the pipeline's "no new events"). */
  staleReason?: string | null;
}

export interface ExpandablePanelProps extends PanelFreshnessProps {
  title: ReactNode;
  hint?: ReactNode;
  children: ReactNode;
  testId?: string;
  /** false: no full-screen toggle (a form or a short list). Default true. */
  expandable?: boolean;
}

/** The server's wall clock as this page estimates it (ms), re-read every `ms`. */
export function useServerNow(ms = 1000): number {
  const { info } = useConnection();
  return useNow(ms) + info.clockOffsetMs;
}

/** "updated 3 s ago", or "STALE · updated 2 m 5 s ago" with the reason as its title. */
export function PanelAge({
  updatedAt,
  staleAfterMs,
  staleReason = null,
  testId,
}: PanelFreshnessProps & { testId?: string }) {
  const now = useServerNow();
  if (updatedAt === undefined) return null;
  const f = freshness(updatedAt, now, { staleAfterMs, staleReason });
  if (!f)
    return (
      <span className="panel-age" data-testid={testId} data-stale="true">
        waiting for data
      </span>
    );
  return (
    <span
      className={`panel-age${f.stale ? " stale" : ""}`}
      data-testid={testId}
      data-stale={f.stale}
      data-age-ms={f.ageMs}
      title={f.stale ? (staleReason ?? "older than this panel expects") : undefined}
    >
      {f.stale ? <span className="tag none">STALE</span> : null} {f.text}
    </span>
  );
}

/** A panel with full screen and the age of its data. */
export function ExpandablePanel({
  title,
  hint,
  children,
  testId,
  expandable = true,
  updatedAt,
  staleAfterMs,
  staleReason,
}: ExpandablePanelProps) {
  const [full, setFull] = useState(false);
  const [viewHeight, setViewHeight] = useState(0);
  useEffect(() => {
    if (!full) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") setFull(false);
    };
    const onResize = () => setViewHeight(window.innerHeight);
    onResize();
    window.addEventListener("keydown", onKey);
    window.addEventListener("resize", onResize);
    return () => {
      window.removeEventListener("keydown", onKey);
      window.removeEventListener("resize", onResize);
    };
  }, [full]);
  return (
    <section className="panel" data-testid={testId} data-full={full}>
      <h2>
        <span>{title}</span>
        <span className="panel-tools">
          {hint ? <span className="hint">{hint}</span> : null}
          <PanelAge
            updatedAt={updatedAt}
            staleAfterMs={staleAfterMs}
            staleReason={staleReason}
            testId={testId ? `${testId}-age` : "panel-age"}
          />
          {expandable ? (
            <button
              type="button"
              className="panel-full-toggle"
              aria-pressed={full}
              aria-label={full ? "Leave full screen" : "Full screen"}
              title={full ? "Leave full screen (Esc)" : "Full screen"}
              onClick={() => setFull((f) => !f)}
            >
              {full ? "✕" : "⤢"}
            </button>
          ) : null}
        </span>
      </h2>
      {/* The heading and padding take about 100 px of the screen; the chart the rest. */}
      <FullHeightContext.Provider value={full && viewHeight > 0 ? Math.max(240, viewHeight - 100) : null}>
        {children}
      </FullHeightContext.Provider>
    </section>
  );
}
