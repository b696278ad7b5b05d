"use client";
/**
 * A time-series chart for live and history rows. Animation is off: live data appends a point a
 * second and the chart should just move, not re-tween. A dashed line marks capacity.
 */
import {
  Area,
  CartesianGrid,
  ComposedChart,
  Line,
  ReferenceArea,
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
import { useChartHeight } from "./expandable-panel";

export interface ChartSeries<R> {
  key: keyof R & string;
  name: string;
  /** Index into the theme's series colours, or a named level colour. */
  color: number | "ok" | "warn" | "crit" | "accent";
  kind?: "line" | "area";
}

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
  const colour = (c: ChartSeries<R>["color"]) =>
    typeof c === "number" ? palette.series[c % palette.series.length]! : palette[c];
  const span = rows.length > 1 ? rows[rows.length - 1]!.t - rows[0]!.t : 0;
  const inRange = useAnnotationsIn(
    rows.length ? rows[0]!.t : null,
    rows.length ? rows[rows.length - 1]!.t : null,
  );
  const marks: readonly Annotation[] = showAnnotations ? inRange : [];
  const tick = span > 86_400 ? fmtDateTime : fmtClock;
  let peak = 0;
  for (const r of rows)
    for (const s of series) {
      const v = r[s.key];
      if (typeof v === "number" && v > peak) peak = v;
    }
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
            content={({ active, payload, label: t }) =>
              active && payload?.length ? (
                <div className="chart-tooltip">
                  <div className="t">
                    {tick(Number(t))}
                    {tz ? ` ${tz.short}` : ""}
                  </div>
                  {payload.map((p) => (
                    <div key={String(p.name)} style={{ color: p.color }}>
                      {p.name}: <b className="num">{format(Number(p.value))}</b>
                    </div>
                  ))}
                  {cap ? (
                    <div style={{ color: palette.crit }}>
                      {cap.label}: <b className="num">{format(cap.value)}</b>
                    </div>
                  ) : null}
                </div>
              ) : null
            }
          />
          {series.map((s) =>
            s.kind === "area" ? (
              <Area
                key={s.key}
                dataKey={(r: R) => r[s.key]}
                name={s.name}
                type="monotone"
                stroke={colour(s.color)}
                fill={colour(s.color)}
                fillOpacity={0.18}
                strokeWidth={2}
                dot={false}
                isAnimationActive={false}
                connectNulls
              />
            ) : (
              <Line
                key={s.key}
                dataKey={(r: R) => r[s.key]}
                name={s.name}
                type="monotone"
                stroke={colour(s.color)}
                strokeWidth={2}
                dot={false}
                isAnimationActive={false}
                connectNulls
              />
            ),
          )}
          {alerts.map((a) => {
            const x1 = a.from / 1000;
            const last = rows.length ? rows[rows.length - 1]!.t : x1;
            const x2 = a.to === null ? last : a.to / 1000;
            const c = a.severity === "critical" ? palette.crit : palette.warn;
            return [
              <ReferenceArea
                key={`${a.rule}-${a.from}-area`}
                x1={x1}
                x2={Math.max(x1, x2)}
                fill={c}
                fillOpacity={0.12}
                ifOverflow="hidden"
              />,
              <ReferenceLine
                key={`${a.rule}-${a.from}-start`}
                x={x1}
                stroke={c}
                strokeWidth={1.5}
                ifOverflow="hidden"
                label={{ value: a.rule, position: "insideTopLeft", fill: c, fontSize: 11 }}
              />,
            ];
          })}
          {marks.map((a) => (
            <ReferenceLine
              key={`annotation-${a.id}`}
              className="annotation-mark"
              x={a.at / 1000}
              stroke={palette.accent}
              strokeWidth={a.kind === "deploy" ? 2 : 1.5}
              strokeDasharray={a.kind === "deploy" ? undefined : "3 3"}
              ifOverflow="extendDomain"
              label={{
                value: `${a.kind === "deploy" ? "▲ " : "✎ "}${a.text.length > 40 ? `${a.text.slice(0, 39)}…` : a.text}`,
                position: "insideTopRight",
                fill: palette.accent,
                fontSize: 11,
              }}
            />
          ))}
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
      <div className="legend">
        {series.map((s) => (
          <span key={s.key}>
            <i style={{ background: colour(s.color) }} />
            {s.name}
          </span>
        ))}
        {alerts.length ? (
          <span
            style={{ color: alerts.some((a) => a.severity === "critical") ? palette.crit : palette.warn }}
            data-testid="chart-alerts"
          >
            <i style={{ background: "currentColor", opacity: 0.4 }} />
            {alerts.length === 1 ? `alert: ${alerts[0]!.rule}` : `${alerts.length} alert spans`}
          </span>
        ) : null}
        {marks.length ? (
          <span
            style={{ color: palette.accent }}
            data-testid="chart-annotations"
            title={marks.map((a) => `${tick(a.at / 1000)} ${a.kind}: ${a.text}`).join("\n")}
          >
            <i style={{ background: "currentColor" }} />
            {marks.length === 1 ? `${marks[0]!.kind}: ${marks[0]!.text}` : `${marks.length} annotations`}
          </span>
        ) : null}
        {cap ? (
          <span style={{ color: palette.crit }}>
            <i className="dashed" style={{ color: palette.crit }} />
            {cap.label} ({format(cap.value)}
            {capOffScale ? `, ${Math.round(cap.value / peak)}× the peak: off scale` : ""})
          </span>
        ) : null}
      </div>
    </div>
  );
}
