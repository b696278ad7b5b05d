"use client";
/** The series of a time chart: what each one is, its colour, and its line or area. */
import { Area, Line } from "recharts";
import type { Palette } from "../_lib/theme";
import { useTheme } from "../_lib/theme-context";

export interface ChartSeries<R> {
  key: keyof R & string;
  name: string;
  /** Index into the theme's series colours, or a named level colour. */
  color: number | "ok" | "warn" | "crit" | "accent";
  kind?: "line" | "area";
}

export function seriesColour(palette: Palette, c: ChartSeries<unknown>["color"]): string {
  return typeof c === "number" ? palette.series[c % palette.series.length]! : palette[c];
}

/** The highest value any series reaches in `rows` (0 for none). */
export function seriesPeak<R>(rows: readonly R[], series: ReadonlyArray<ChartSeries<R>>): number {
  let peak = 0;
  for (const r of rows)
    for (const s of series) {
      const v = r[s.key];
      if (typeof v === "number" && v > peak) peak = v;
    }
  return peak;
}

/** One line or area per series, inside the chart. */
export function SeriesMarks<R>({ series }: { series: ReadonlyArray<ChartSeries<R>> }) {
  const { palette } = useTheme();
  return series.map((s) => {
    const colour = seriesColour(palette, s.color);
    const common = {
      dataKey: (r: R) => r[s.key],
      name: s.name,
      type: "monotone",
      stroke: colour,
      strokeWidth: 2,
      dot: false,
      isAnimationActive: false,
      connectNulls: true,
    } as const;
    return s.kind === "area" ? (
      <Area key={s.key} {...common} fill={colour} fillOpacity={0.18} />
    ) : (
      <Line key={s.key} {...common} />
    );
  });
}
