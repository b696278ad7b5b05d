"use client";
/**
 * The legend under a time chart: the series, the alert spans and annotations drawn (named when
 * there is one), and the capacity line, said to be off scale when it is not drawn.
 */
import type { Annotation } from "../../core/annotations/annotation";
import type { AlertSpan } from "../../core/live/alert-annotations";
import { useTheme } from "../_lib/theme-context";
import { type ChartSeries, seriesColour } from "./time-chart-series";

export function TimeChartLegend<R>({
  series,
  alerts,
  marks,
  capacity,
  peak,
  offScale,
  format,
  tick,
}: {
  series: ReadonlyArray<ChartSeries<R>>;
  alerts: readonly AlertSpan[];
  marks: readonly Annotation[];
  capacity: { value: number; label: string } | null;
  /** The series' highest value, to say how far above it an off-scale capacity is. */
  peak: number;
  offScale: boolean;
  format(n: number): string;
  /** The chart's time format (seconds), for the annotations' titles. */
  tick(t: number): string;
}) {
  const { palette } = useTheme();
  return (
    <div className="legend">
      {series.map((s) => (
        <span key={s.key}>
          <i style={{ background: seriesColour(palette, s.color) }} />
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
      {capacity ? (
        <span style={{ color: palette.crit }}>
          <i className="dashed" style={{ color: palette.crit }} />
          {capacity.label} ({format(capacity.value)}
          {offScale ? `, ${Math.round(capacity.value / peak)}× the peak: off scale` : ""})
        </span>
      ) : null}
    </div>
  );
}
