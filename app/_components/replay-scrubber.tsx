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
  ReferenceArea,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { ReplayTimeline } from "../../core/replay/timeline";
import { fmtCompact, fmtElapsed } from "../_lib/format";
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
            content={({ active, payload, label }) =>
              active && payload?.length ? (
                <div className="chart-tooltip">
                  <div className="t">+{fmtElapsed(Number(label))}</div>
                  {payload.map((p) => (
                    <div key={String(p.name)} style={{ color: p.color }}>
                      {p.name}: <b className="num">{fmtCompact(Number(p.value))}</b>
                    </div>
                  ))}
                </div>
              ) : null
            }
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
          {timeline.alerts.map((a) => {
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
          })}
          {labelledMilestones(timeline.milestones, from, last).map(({ m, labelled }) => (
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
          ))}
          <ReferenceLine yAxisId="total" x={position - from} stroke={palette.accent} strokeWidth={2} />
        </ComposedChart>
      </ResponsiveContainer>
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
    </figure>
  );
}
