"use client";
/** One endpoint's cards: requests against capacity, errors, latency, saturation and the load gauge. */
import { saturationText } from "../../core/capacity/saturation-text";
import type { EndpointView } from "../../core/live/endpoint-view";
import type { EndpointSummary } from "../../core/live/overview";
import { Gauge, Kpi } from "../_components/bits";
import { fmtCompact, fmtMs, fmtPct, type Level, utilLevel } from "../_lib/format";

/** What the saturation forecast means: null is not climbing, 0 or less is over capacity now. */
const saturationDetail = (inSec: number | null) =>
  inSec === null
    ? "not climbing toward capacity"
    : inSec <= 0
      ? "at or over capacity now"
      : "at the current trend";
const saturationLevel = (inSec: number | null): Level =>
  inSec === null ? "ok" : inSec <= 0 ? "crit" : inSec < 300 ? "warn" : "ok";

export function EndpointKpis({ s, load }: { s: EndpointSummary; load: EndpointView["load"] | undefined }) {
  return (
    <div className="grid kpis">
      <Kpi
        label="Requests"
        value={fmtCompact(s.requestsPerSec)}
        unit="/s"
        level={utilLevel(s.utilization)}
        detail={`capacity ${fmtCompact(s.capacityPerSec)}/s · ${fmtPct(s.utilization)} used`}
        testId="endpoint-rate"
      />
      <Kpi
        label="Errors"
        value={fmtPct(s.errorRate, 1)}
        level={s.errorRate > 0.05 ? "crit" : s.errorRate > 0.01 ? "warn" : "ok"}
        word="HIGH"
        detail={`${fmtCompact(s.errorsPerSec)}/s · retries ${fmtCompact(s.retriesPerSec)}/s`}
        testId="endpoint-errors"
      />
      <Kpi
        label="Latency p99"
        value={fmtMs(s.p99)}
        detail={`all requests, failed too · p50 ${fmtMs(load?.p50)} · p95 ${fmtMs(load?.p95)}`}
        testId="endpoint-latency"
      />
      <Kpi
        label="Saturation"
        value={saturationText(s.saturationInSec)}
        detail={saturationDetail(s.saturationInSec)}
        level={saturationLevel(s.saturationInSec)}
        testId="endpoint-saturation"
      />
      <div className="panel">
        <Gauge label="Load" value={s.utilization} />
      </div>
    </div>
  );
}

/** The endpoint is not in the frames: no worker has counted a request to it. */
export function NoEndpointTraffic({ endpoint, others }: { endpoint: string; others: boolean }) {
  return (
    <div className="banner info" role="status">
      <div>
        <strong>No traffic reported for {endpoint}</strong>
        <p>
          The workers have not counted requests to this endpoint
          {others ? "; pick another above" : ""}. Names are case-sensitive.
        </p>
      </div>
    </div>
  );
}
