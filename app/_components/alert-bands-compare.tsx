"use client";
/**
 * When alerts fired, baseline against what-if: one lane per replay on a shared axis of time since
 * each replay's start, a band per rule while any of its alerts fired.
 */
import { CartesianGrid, ComposedChart, ReferenceArea, ResponsiveContainer, XAxis, YAxis } from "recharts";
import type { AlertSpan } from "../../core/live/alert-annotations";
import { fmtElapsed } from "../_lib/format";
import { useTheme } from "../_lib/theme-context";

export interface AlertLane {
  label: string;
  /** Start of that replay (ms): bands are placed at time since it. */
  from: number;
  /** Length of that replay (ms). */
  length: number;
  spans: readonly AlertSpan[];
}

export function AlertBandsCompare({ lanes }: { lanes: readonly AlertLane[] }) {
  const { palette } = useTheme();
  const length = Math.max(1, ...lanes.map((l) => l.length));
  return (
    <figure
      data-testid="whatif-bands"
      aria-label="When alerts fired, baseline and what-if"
      style={{ margin: 0 }}
    >
      <ResponsiveContainer width="100%" height={40 + lanes.length * 34}>
        <ComposedChart
          data={[
            { x: 0, y: 0 },
            { x: length, y: lanes.length },
          ]}
          margin={{ top: 4, right: 12, bottom: 0, left: 0 }}
        >
          <CartesianGrid stroke={palette.grid} horizontal={false} />
          <XAxis
            dataKey="x"
            type="number"
            domain={[0, length]}
            tickFormatter={(x: number) => fmtElapsed(x).slice(0, -3)}
            stroke={palette.muted}
            tick={{ fontSize: 12 }}
            minTickGap={40}
          />
          {/* The lane axis takes its domain from the data's y (without it Recharts drew no band). */}
          <YAxis
            dataKey="y"
            type="number"
            allowDataOverflow
            domain={[0, lanes.length]}
            ticks={lanes.map((_, i) => i + 0.5)}
            tickFormatter={(y: number) => lanes[Math.floor(y)]?.label ?? ""}
            width={110}
            stroke={palette.muted}
            tick={{ fontSize: 12 }}
            reversed
          />
          {lanes.flatMap((lane, i) =>
            lane.spans.map((s) => (
              <ReferenceArea
                key={`${lane.label}-${s.rule}-${s.from}`}
                x1={Math.max(0, s.from - lane.from)}
                x2={Math.min(length, Math.max(0, (s.to ?? lane.from + lane.length) - lane.from))}
                y1={i + 0.15}
                y2={i + 0.85}
                fill={s.severity === "critical" ? palette.crit : palette.warn}
                fillOpacity={0.55}
                ifOverflow="hidden"
              />
            )),
          )}
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
}
