"use client";
/**
 * A time-series chart for live and history rows. Animation is off: live data appends a point a
 * second and the chart should just move, not re-tween. A dashed line marks capacity.
 */
import {
  CartesianGrid,
  ComposedChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { Annotation } from "../../core/annotations/annotation";
import type { AlertSpan } from "../../core/live/alert-annotations";
import { useAnnotationsIn } from "../_lib/annotations";
import { fmtClock, fmtCompact, fmtDateTime } from "../_lib/format";
import { useTheme } from "../_lib/theme-context";
import { useTimeZone } from "../_lib/time-zone";
import { ChartTooltip } from "./chart-tooltip";
import { useChartHeight } from "./expandable-panel";
import { TimeChartLegend } from "./time-chart-legend";
import { AlertSpanMarks, AnnotationMarks } from "./time-chart-marks";
import { type ChartSeries, SeriesMarks, seriesPeak } from "./time-chart-series";

export type { ChartSeries } from "./time-chart-series";

export function TimeChart<R extends { t: number }>({
  rows,
  series,
  capacity,
  height = 220,
  format = fmtCompact,
  label,
  testId,
  alerts = [],
  annotations: showAnnotations = true,
}: {
  rows: readonly R[];
  series: Array<ChartSeries<R>>;
  capacity?: { value: number; label: string } | null;
  height?: number;
  format?: (n: number) => string;
  label: string;
  testId?: string;
  /** Alert spans drawn as shaded bands with a line at their start (event-time ms). */
  alerts?: readonly AlertSpan[];
  /** Draw the notes and deploy markers inside the chart's range (default true). */
  annotations?: boolean;
}) {
  const { palette } = useTheme();
  const chartHeight = useChartHeight(height);
  const tz = useTimeZone();
  const first = rows.length ? rows[0]!.t : null;
  const last = rows.length ? rows[rows.length - 1]!.t : null;
  const span = rows.length > 1 ? last! - first! : 0;
  const inRange = useAnnotationsIn(first, last);
  const marks: readonly Annotation[] = showAnnotations ? inRange : [];
  const tick = span > 86_400 ? fmtDateTime : fmtClock;
  const peak = seriesPeak(rows, series);
  const cap = capacity && capacity.value > 0 ? capacity : null;
  // A capacity far above the data would flatten the series into the axis: name it instead of drawing it.
  const capOffScale = cap !== null && peak > 0 && cap.value > peak * 10;
  return (
    <div data-testid={testId} role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height={chartHeight}>
        <ComposedChart data={rows} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid stroke={palette.grid} vertical={false} />
          <XAxis
            dataKey="t"
            type="number"
            domain={["dataMin", "dataMax"]}
            tickFormatter={tick}
            stroke={palette.muted}
            tick={{ fontSize: 12 }}
            minTickGap={40}
            allowDecimals={false}
          />
          <YAxis
            stroke={palette.muted}
            tick={{ fontSize: 12 }}
            width={52}
            tickFormatter={format}
            domain={[0, "auto"]}
          />
          <Tooltip
            isAnimationActive={false}
            content={
              <ChartTooltip
                heading={(t) => (
                  <>
                    {tick(t)}
                    {tz ? ` ${tz.short}` : ""}
                  </>
                )}
                format={format}
                footer={
                  cap ? (
                    <div style={{ color: palette.crit }}>
                      {cap.label}: <b className="num">{format(cap.value)}</b>
                    </div>
                  ) : null
                }
              />
            }
          />
          <SeriesMarks series={series} />
          <AlertSpanMarks alerts={alerts} last={last} />
          <AnnotationMarks marks={marks} />
          {cap && !capOffScale ? (
            <ReferenceLine
              y={cap.value}
              stroke={palette.crit}
              strokeDasharray="6 4"
              strokeWidth={2}
              ifOverflow="extendDomain"
            />
          ) : null}
        </ComposedChart>
      </ResponsiveContainer>
      <TimeChartLegend
        series={series}
        alerts={alerts}
        marks={marks}
        capacity={cap}
        peak={peak}
        offScale={capOffScale}
        format={format}
        tick={tick}
      />
    </div>
  );
}
