"use client";
/**
 * A panel that can fill the screen (a war-room wall showing one chart): the ⤢ button toggles it,
 * Escape leaves; a TimeChart inside takes the screen's height (`useChartHeight`). Full screen is a CSS state of the page (app/responsive.css), not the browser's
 * Fullscreen API, so it works in a kiosk browser that already is full screen.
 */
import { createContext, useContext, useEffect, useState } from "react";
import type { Panel } from "./bits";

/** The chart height a full-screen panel offers its chart (null: not full screen). */
const FullHeightContext = createContext<number | null>(null);

/** Inside a full-screen panel, the height its chart should take; else `height`. */
export function useChartHeight(height: number): number {
  return useContext(FullHeightContext) ?? height;
}

/** A {@link Panel} with a full-screen toggle; the same props. */
export function ExpandablePanel({ title, hint, children, testId }: Parameters<typeof Panel>[0]) {
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
        </span>
      </h2>
      {/* The heading and padding take about 100 px of the screen; the chart the rest. */}
      <FullHeightContext.Provider value={full && viewHeight > 0 ? Math.max(240, viewHeight - 100) : null}>
        {children}
      </FullHeightContext.Provider>
    </section>
  );
}
