"use client";
/** Every API endpoint with its live load. */
import Link from "next/link";
import { saturationText } from "../../core/capacity/saturation-text";
import { Empty, LevelTag, UtilBar } from "../_components/bits";
import { ExpandablePanel } from "../_components/expandable-panel";
import { FilterBar } from "../_components/filter-bar";
import { unsupported } from "../_lib/filtered-overview";
import { useFilters } from "../_lib/filters";
import { fmtCompact, fmtNum, fmtPct } from "../_lib/format";
import { useLiveView } from "../_lib/live-context";
import { usePanelAge } from "../_lib/use-panel-age";

export function EndpointList() {
  const state = useLiveView({ kind: "overview" });
  const all = state?.view?.endpoints ?? [];
  const { filters } = useFilters();
  const eps = filters.endpoint === null ? all : all.filter((e) => e.endpoint === filters.endpoint);
  // A chain or city filter from another page does not narrow API calls: said, not hidden.
  const ignored = unsupported(filters, ["endpoint"], "API calls");
  const age = usePanelAge(true, state?.view ? state.view.at : null, { fetchedAt: null });
  return (
    <>
      <div className="page-head">
        <div>
          <h1>API endpoints</h1>
          <div className="sub">Request rate against capacity, errors and tail latency, live</div>
        </div>
        <FilterBar dims={["endpoint"]} />
      </div>
      <ExpandablePanel
        {...age}
        testId="panel-endpoint-list"
        title={
          filters.endpoint === null ? `${eps.length} endpoints` : `${eps.length} of ${all.length} endpoints`
        }
        hint={
          ignored ? (
            <span data-testid="filter-reason">{ignored}: every endpoint's calls shown</span>
          ) : undefined
        }
      >
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
          <Empty
            title={
              all.length ? `No endpoint "${filters.endpoint}" in the frames` : "No endpoint reported yet"
            }
          >
            Endpoints appear with the first API events the workers count.
          </Empty>
        )}
      </ExpandablePanel>
    </>
  );
}
