"use client";
/**
 * The replay's timeline under the player: cumulative orders over the whole range, alert bands,
 * order milestones ("5 M orders") and the playback cursor. Clicking the chart seeks there.
 */
import {
  Area,
  CartesianGrid,
  ComposedChart,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { ReplayTimeline } from "../../core/replay/timeline";
import { fmtCompact, fmtElapsed } from "../_lib/format";
import { useTheme } from "../_lib/theme-context";
import { ChartTooltip } from "./chart-tooltip";
import { ScrubberLegend } from "./replay-scrubber-legend";
import { MilestoneLines, ScrubberAlertBands } from "./replay-scrubber-marks";

export { labelledMilestones } from "./replay-scrubber-marks";

export function ReplayScrubber({
  timeline,
  from,
  position,
  onSeek,
  height = 170,
}: {
  timeline: ReplayTimeline;
  /** Start of the replay (ms): the axis shows time since it. */
  from: number;
  /** Playback position (ms). */
  position: number;
  onSeek(t: number): void;
  height?: number;
}) {
  const { palette } = useTheme();
  const rows = timeline.points.map((p) => ({ ...p, x: p.t - from }));
  const last = rows.length ? rows[rows.length - 1]!.x : 0;
  return (
    <figure data-testid="replay-scrubber" aria-label="Replay timeline: click to seek" style={{ margin: 0 }}>
      <ResponsiveContainer width="100%" height={height}>
        <ComposedChart
          data={rows}
          margin={{ top: 18, right: 12, bottom: 0, left: 0 }}
          onClick={(e) => {
            const x = Number(e?.activeLabel);
            if (Number.isFinite(x)) onSeek(from + x);
          }}
          style={{ cursor: "pointer" }}
        >
          <CartesianGrid stroke={palette.grid} vertical={false} />
          <XAxis
            dataKey="x"
            type="number"
            domain={[0, "dataMax"]}
            tickFormatter={(x: number) => fmtElapsed(x).slice(0, -3)}
            stroke={palette.muted}
            tick={{ fontSize: 12 }}
            minTickGap={40}
          />
          <YAxis
            yAxisId="total"
            stroke={palette.muted}
            tick={{ fontSize: 12 }}
            width={52}
            tickFormatter={fmtCompact}
          />
          {/* Orders/s on an axis of its own (right), not on the cumulative one. */}
          <YAxis
            yAxisId="rate"
            orientation="right"
            stroke={palette.series[1]}
            tick={{ fontSize: 12 }}
            width={44}
            tickFormatter={(v: number) => `${fmtCompact(v)}/s`}
          />
          <Tooltip
            isAnimationActive={false}
            content={<ChartTooltip heading={(x) => <>+{fmtElapsed(x)}</>} format={fmtCompact} />}
          />
          <Area
            yAxisId="total"
            dataKey="ordersCreated"
            name="Orders since start"
            type="monotone"
            stroke={palette.series[0]}
            fill={palette.series[0]}
            fillOpacity={0.15}
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
          <Line
            yAxisId="rate"
            dataKey="ordersPerSec"
            name="Orders/s"
            type="monotone"
            stroke={palette.series[1]}
            strokeWidth={1.5}
            dot={false}
            isAnimationActive={false}
          />
          <ScrubberAlertBands alerts={timeline.alerts} from={from} last={last} />
          <MilestoneLines milestones={timeline.milestones} from={from} last={last} />
          <ReferenceLine yAxisId="total" x={position - from} stroke={palette.accent} strokeWidth={2} />
        </ComposedChart>
      </ResponsiveContainer>
      <ScrubberLegend timeline={timeline} />
    </figure>
  );
}
