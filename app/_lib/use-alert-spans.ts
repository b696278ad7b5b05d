"use client";
/**
 * Alert spans for a chart's visible range (epoch seconds), from `/api/v1/alerts/events`. The
 * range is rounded to 15 s so a live chart moving every second asks again at most every 15 s.
 */
import { useEffect, useState } from "react";
import { AlertEventsResponseSchema } from "../../core/api/alerting";
import { type AlertSpan, alertSpans } from "../../core/live/alert-annotations";
import { apiFetch } from "./api-client";
import { useReplayScope } from "./replay-scope";

const step = 15;

export function useAlertSpans(fromSec: number | null, toSec: number | null): AlertSpan[] {
  const replay = useReplayScope();
  const [fetched, setSpans] = useState<AlertSpan[]>([]);
  const from = fromSec === null ? null : Math.floor(fromSec / step) * step;
  const to = toSec === null ? null : (Math.floor(toSec / step) + 1) * step;
  useEffect(() => {
    if (replay || from === null || to === null || to <= from) {
      setSpans([]);
      return;
    }
    let cancelled = false;
    apiFetch(`/api/v1/alerts/events?from=${from * 1000}&to=${to * 1000}`, AlertEventsResponseSchema)
      .then((r) => {
        if (!cancelled) setSpans(alertSpans(r.events, from * 1000, r.openAtFrom));
      })
      .catch(() => {
        // Annotations are an extra: the chart stays useful without them.
        if (!cancelled) setSpans([]);
      });
    return () => {
      cancelled = true;
    };
  }, [from, to, replay]);
  if (!replay) return fetched;
  // In a replay: its own alert bands that overlap the chart.
  if (from === null || to === null) return [];
  return replay.alerts.filter((s) => s.from < to * 1000 && (s.to === null || s.to >= from * 1000));
}
