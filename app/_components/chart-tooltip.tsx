"use client";
/**
 * The hover box of the dashboard's charts: the moment, then each series' value in the chart's
 * format. Passed to Recharts as `<Tooltip content={<ChartTooltip … />} />`, which adds the
 * hover state (`active`, `payload`, `label`).
 */
import type { ReactNode } from "react";
import type { TooltipPayload } from "recharts";

export function ChartTooltip({
  active,
  payload,
  label,
  heading,
  format,
  footer,
}: {
  active?: boolean;
  payload?: TooltipPayload;
  label?: string | number;
  /** The moment hovered, from the x value. */
  heading(x: number): ReactNode;
  format(n: number): string;
  /** Rows after the series' values (a prop, not children: Recharts' props are merged over these). */
  footer?: ReactNode;
}) {
  if (!active || !payload?.length) return null;
  return (
    <div className="chart-tooltip">
      <div className="t">{heading(Number(label))}</div>
      {payload.map((p) => (
        <div key={String(p.name)} style={{ color: p.color }}>
          {p.name}: <b className="num">{format(Number(p.value))}</b>
        </div>
      ))}
      {footer}
    </div>
  );
}
