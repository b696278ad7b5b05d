"use client";
/**
 * What the replay timeline draws over the orders: the alert bands and the order milestones,
 * on its axis of time since the replay's start (ms).
 */
import { ReferenceArea, ReferenceLine } from "recharts";
import type { ReplayTimeline } from "../../core/replay/timeline";
import { fmtCompact } from "../_lib/format";
import { useTheme } from "../_lib/theme-context";

/**
 * Milestones with a label only where it does not run into the previous label (within 8% of the
 * axis; the legend under the chart lists them all): early milestones come minutes apart.
 */
export function labelledMilestones(
  milestones: ReadonlyArray<{ orders: number; at: number }>,
  from: number,
  length: number,
): Array<{ m: { orders: number; at: number }; labelled: boolean }> {
  let lastLabel = Number.NEGATIVE_INFINITY;
  return milestones.map((m) => {
    const x = m.at - from;
    const labelled = length <= 0 || x - lastLabel >= length * 0.08;
    if (labelled) lastLabel = x;
    return { m, labelled };
  });
}

/** `last`: the axis' end, where a band still firing ends. */
export function ScrubberAlertBands({
  alerts,
  from,
  last,
}: {
  alerts: ReplayTimeline["alerts"];
  from: number;
  last: number;
}) {
  const { palette } = useTheme();
  return alerts.map((a) => {
    const c = a.severity === "critical" ? palette.crit : palette.warn;
    const x1 = a.from - from;
    const x2 = a.to === null ? last : a.to - from;
    return (
      <ReferenceArea
        key={`${a.rule}-${a.from}`}
        yAxisId="total"
        x1={x1}
        x2={Math.max(x1, x2)}
        fill={c}
        fillOpacity={0.14}
        ifOverflow="hidden"
      />
    );
  });
}

/** A dashed line per milestone, labelled where the label has room. */
export function MilestoneLines({
  milestones,
  from,
  last,
}: {
  milestones: ReplayTimeline["milestones"];
  from: number;
  last: number;
}) {
  const { palette } = useTheme();
  return labelledMilestones(milestones, from, last).map(({ m, labelled }) => (
    <ReferenceLine
      key={m.orders}
      yAxisId="total"
      x={m.at - from}
      stroke={palette.muted}
      strokeDasharray="3 3"
      label={
        labelled
          ? {
              value: `${fmtCompact(m.orders)} orders`,
              position: "top",
              fontSize: 11,
              fill: palette.muted,
            }
          : undefined
      }
    />
  ));
}
