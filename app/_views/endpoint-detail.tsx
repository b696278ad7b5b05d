"use client";
/**
 * One API endpoint: request rate against capacity, errors by class, latency percentiles. The
 * cards (endpoint-kpis.tsx) and the charts (endpoint-charts.tsx); live charts open with the last
 * 15 minutes from snapshots, then continue second by second.
 */
import Link from "next/link";
import { useMemo } from "react";
import type { EndpointRow } from "../../core/live/chart-rows";
import { RangePicker } from "../_components/range-picker";
import { before } from "../_lib/history-before";
import { useLiveView } from "../_lib/live-context";
import { useTimeRange } from "../_lib/time-range";
import { useHistory } from "../_lib/use-history";
import { usePanelAge } from "../_lib/use-panel-age";
import { EndpointCharts } from "./endpoint-charts";
import { EndpointKpis, NoEndpointTraffic } from "./endpoint-kpis";

export function EndpointDetail({ endpoint }: { endpoint: string }) {
  const state = useLiveView({ kind: "endpoint", endpoint });
  const { range } = useTimeRange();
  const history = useHistory(range);
  const v = state?.view ?? null;
  const s = v?.summary ?? null;
  const isLive = range.key === "live";
  const backfill = useHistory({ key: "15m" }, { once: true, enabled: isLive });
  const rows: EndpointRow[] = useMemo(() => {
    if (!isLive) return history.data?.endpoints[endpoint] ?? [];
    const live = state?.samples ?? [];
    return [...before(backfill.data?.endpoints[endpoint], live), ...live];
  }, [isLive, history.data, backfill.data, state?.samples, endpoint]);
  const cap = s?.capacityPerSec ?? history.data?.endpointCapacity[endpoint] ?? 0;
  const age = usePanelAge(isLive, v ? v.at : null, history);

  return (
    <>
      <div className="page-head">
        <div>
          <h1>{endpoint}</h1>
          <div className="sub">
            <Link href="/endpoints">← all endpoints</Link>
            {v && v.known.length > 1 ? <OtherEndpoints endpoint={endpoint} known={v.known} /> : null}
          </div>
        </div>
        <RangePicker />
      </div>

      {s ? (
        <EndpointKpis s={s} load={v?.load} />
      ) : state ? (
        <NoEndpointTraffic endpoint={endpoint} others={Boolean(v?.known.length)} />
      ) : null}

      <EndpointCharts
        endpoint={endpoint}
        rows={rows}
        capacity={cap}
        view={v}
        isLive={isLive}
        history={history}
        age={age}
      />
    </>
  );
}

/** Links to the other endpoints the frames know, after the page's own. */
function OtherEndpoints({ endpoint, known }: { endpoint: string; known: string[] }) {
  return (
    <>
      {" · "}
      {known
        .filter((n) => n !== endpoint)
        .map((n, i) => (
          <span key={n}>
            {i ? ", " : ""}
            <Link href={`/endpoints/${encodeURIComponent(n)}`}>{n}</Link>
          </span>
        ))}
    </>
  );
}
