"use client";
/** Every API endpoint with its live load. */
import Link from "next/link";
import { saturationText } from "../../core/capacity/saturation-text";
import { Empty, LevelTag, Panel, UtilBar } from "../_components/bits";
import { fmtCompact, fmtNum, fmtPct } from "../_lib/format";
import { useLiveView } from "../_lib/live-context";

export function EndpointList() {
  const state = useLiveView({ kind: "overview" });
  const eps = state?.view?.endpoints ?? [];
  return (
    <>
      <div className="page-head">
        <div>
          <h1>API endpoints</h1>
          <div className="sub">Request rate against capacity, errors and tail latency, live</div>
        </div>
      </div>
      <Panel title={`${eps.length} endpoints`}>
        {eps.length ? (
          <div className="table-wrap">
            <table className="data" data-testid="endpoints">
              <thead>
                <tr>
                  <th>Endpoint</th>
                  <th className="r">Requests/s</th>
                  <th className="r">Capacity/s</th>
                  <th>Load</th>
                  <th className="r">Errors</th>
                  <th className="r">Retries/s</th>
                  <th className="r" title="Over every request of the last minute, failed ones included">
                    p99 (all requests)
                  </th>
                  <th className="r">Saturation</th>
                  <th>State</th>
                </tr>
              </thead>
              <tbody>
                {eps.map((e) => (
                  <tr key={e.endpoint}>
                    <td>
                      <Link href={`/endpoints/${encodeURIComponent(e.endpoint)}`}>
                        <b>{e.endpoint}</b>
                      </Link>
                    </td>
                    <td className="r">{fmtCompact(e.requestsPerSec)}</td>
                    <td className="r">{fmtCompact(e.capacityPerSec)}</td>
                    <td>
                      <UtilBar value={e.utilization} />
                    </td>
                    <td className="r" style={{ color: e.errorRate > 0.05 ? "var(--crit)" : undefined }}>
                      {fmtPct(e.errorRate, 1)}
                    </td>
                    <td className="r">{fmtCompact(e.retriesPerSec)}</td>
                    <td className="r">{e.p99 === null ? "–" : `${fmtNum(e.p99)} ms`}</td>
                    <td className="r" data-testid="endpoint-saturation">
                      {saturationText(e.saturationInSec)}
                    </td>
                    <td>
                      <LevelTag value={e.utilization} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <Empty title="No endpoint reported yet">
            Endpoints appear with the first API events the workers count.
          </Empty>
        )}
      </Panel>
    </>
  );
}
