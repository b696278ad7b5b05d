"use client";
/** The legend under the replay timeline: the two series, the alerts fired and the cursor. */
import type { ReplayTimeline } from "../../core/replay/timeline";
import { useTheme } from "../_lib/theme-context";

export function ScrubberLegend({ timeline }: { timeline: ReplayTimeline }) {
  const { palette } = useTheme();
  return (
    <div className="legend">
      <span>
        <i style={{ background: palette.series[0] }} />
        Orders since start
      </span>
      <span>
        <i style={{ background: palette.series[1] }} />
        Orders/s
      </span>
      {timeline.alerts.length ? (
        <span style={{ color: palette.warn }} data-testid="scrubber-alerts">
          <i style={{ background: "currentColor", opacity: 0.4 }} />
          {timeline.fired} alert{timeline.fired === 1 ? "" : "s"} fired ({timeline.alerts.length} band
          {timeline.alerts.length === 1 ? "" : "s"})
        </span>
      ) : null}
      <span style={{ color: palette.accent }}>
        <i style={{ background: palette.accent }} />
        Playback
      </span>
    </div>
  );
}
