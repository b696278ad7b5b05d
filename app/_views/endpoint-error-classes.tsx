"use client";
/** One endpoint's errors of the last minute by class, largest first, as horizontal bars. */
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { EndpointView } from "../../core/live/endpoint-view";
import { fmtCompact } from "../_lib/format";
import { useTheme } from "../_lib/theme-context";

export function ErrorClassesChart({ errorClasses }: { errorClasses: EndpointView["errorClasses"] }) {
  const { palette } = useTheme();
  return (
    <div data-testid="chart-error-classes">
      <ResponsiveContainer width="100%" height={Math.max(120, errorClasses.length * 34 + 30)}>
        <BarChart data={errorClasses} layout="vertical" margin={{ left: 10, right: 20 }}>
          <CartesianGrid stroke={palette.grid} horizontal={false} />
          <XAxis type="number" stroke={palette.muted} tick={{ fontSize: 12 }} tickFormatter={fmtCompact} />
          <YAxis
            type="category"
            dataKey="errorClass"
            stroke={palette.muted}
            width={130}
            tick={{ fontSize: 13 }}
          />
          <Tooltip
            isAnimationActive={false}
            cursor={{ fill: palette.grid }}
            contentStyle={{
              background: palette.panel,
              border: `1px solid ${palette.grid}`,
              color: palette.text,
            }}
          />
          <Bar dataKey="count" name="Errors" isAnimationActive={false}>
            {errorClasses.map((e, i) => (
              <Cell
                key={e.errorClass}
                fill={i === 0 ? palette.crit : palette.series[(i + 3) % palette.series.length]}
              />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
