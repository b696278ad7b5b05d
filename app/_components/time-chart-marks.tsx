"use client";
/**
 * What a time chart draws over its series: alert spans (a shaded band, a line at the start) and
 * annotations (notes and deploys), both on the chart's time axis (seconds).
 */
import { ReferenceArea, ReferenceLine } from "recharts";
import type { Annotation } from "../../core/annotations/annotation";
import type { AlertSpan } from "../../core/live/alert-annotations";
import { useTheme } from "../_lib/theme-context";

/** `last`: the chart's last second, where a span still firing ends. */
export function AlertSpanMarks({ alerts, last }: { alerts: readonly AlertSpan[]; last: number | null }) {
  const { palette } = useTheme();
  return alerts.map((a) => {
    const x1 = a.from / 1000;
    const x2 = a.to === null ? (last ?? x1) : a.to / 1000;
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
  });
}

/** A line per annotation, labelled with its first 40 characters (deploys solid, notes dashed). */
export function AnnotationMarks({ marks }: { marks: readonly Annotation[] }) {
  const { palette } = useTheme();
  return marks.map((a) => (
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
  ));
}
