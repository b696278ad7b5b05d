"use client";
/** One API endpoint: request rate against capacity, errors by class, latency percentiles. */
import Link from "next/link";
import { useMemo } from "react";
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { saturationText } from "../../core/capacity/saturation-text";
import type { EndpointRow } from "../../core/live/chart-rows";
import { Empty, Gauge, Kpi } from "../_components/bits";
import { ChartEmpty } from "../_components/chart-empty";
import { ExpandablePanel } from "../_components/expandable-panel";
import { RangePicker } from "../_components/range-picker";
import { TimeChart } from "../_components/time-chart";
import { fmtCompact, fmtMs, fmtNum, fmtPct, utilLevel } from "../_lib/format";
import { before } from "../_lib/history-before";
import { useLiveView } from "../_lib/live-context";
import { useTheme } from "../_lib/theme-context";
import { useTimeRange } from "../_lib/time-range";
import { useHistory } from "../_lib/use-history";
import { usePanelAge } from "../_lib/use-panel-age";

export function EndpointDetail({ endpoint }: { endpoint: string }) {
  const state = useLiveView({ kind: "endpoint", endpoint });
  const { range } = useTimeRange();
  const history = useHistory(range);
  const { palette } = useTheme();
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
  const empty = <ChartEmpty loading={!isLive && history.loading} error={isLive ? null : history.error} />;

  const age = usePanelAge(isLive, v ? v.at : null, history);

  return (
    <>
      <div className="page-head">
        <div>
          <h1>{endpoint}</h1>
          <div className="sub">
            <Link href="/endpoints">← all endpoints</Link>
            {v && v.known.length > 1 ? (
              <>
                {" · "}
                {v.known
                  .filter((n) => n !== endpoint)
                  .map((n, i) => (
                    <span key={n}>
                      {i ? ", " : ""}
                      <Link href={`/endpoints/${encodeURIComponent(n)}`}>{n}</Link>
                    </span>
                  ))}
              </>
            ) : null}
          </div>
        </div>
        <RangePicker />
      </div>

      {s ? (
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
            detail={`all requests, failed too · p50 ${fmtMs(v?.load?.p50)} · p95 ${fmtMs(v?.load?.p95)}`}
            testId="endpoint-latency"
          />
          <Kpi
            label="Saturation"
            value={saturationText(s.saturationInSec)}
            detail={
              s.saturationInSec === null
                ? "not climbing toward capacity"
                : s.saturationInSec <= 0
                  ? "at or over capacity now"
                  : "at the current trend"
            }
            level={
              s.saturationInSec === null
                ? "ok"
                : s.saturationInSec <= 0
                  ? "crit"
                  : s.saturationInSec < 300
                    ? "warn"
                    : "ok"
            }
            testId="endpoint-saturation"
          />
          <div className="panel">
            <Gauge label="Load" value={s.utilization} />
          </div>
        </div>
      ) : state ? (
        <div className="banner info" role="status">
          <div>
            <strong>No traffic reported for {endpoint}</strong>
            <p>
              The workers have not counted requests to this endpoint
              {v?.known.length ? "; pick another above" : ""}. Names are case-sensitive.
            </p>
          </div>
        </div>
      ) : null}

      <div className="grid cols-2 section">
        <ExpandablePanel {...age} title="Request rate vs capacity" hint="per second">
          {rows.length ? (
            <TimeChart
              label={`${endpoint} requests per second against capacity`}
              testId="chart-endpoint-requests"
              rows={rows}
              series={[
                { key: "requests", name: "Requests/s", color: 0, kind: "area" },
                { key: "retries", name: "Retries/s", color: 3 },
              ]}
              capacity={{ value: cap, label: "Capacity" }}
            />
          ) : (
            empty
          )}
        </ExpandablePanel>
        <ExpandablePanel {...age} title="Errors per second" hint="failed requests">
          {rows.length ? (
            <TimeChart
              label={`${endpoint} errors per second`}
              testId="chart-endpoint-errors"
              rows={rows}
              series={[{ key: "errors", name: "Errors/s", color: "crit", kind: "area" }]}
            />
          ) : (
            empty
          )}
        </ExpandablePanel>
        <ExpandablePanel {...age} title="Latency percentiles" hint="over the last minute, ms">
          {rows.some((r) => r.p99 !== null) ? (
            <TimeChart
              label={`${endpoint} latency percentiles`}
              testId="chart-endpoint-latency"
              rows={rows}
              format={(n) => fmtNum(n)}
              series={[
                { key: "p50", name: "p50", color: 2 },
                { key: "p95", name: "p95", color: 3 },
                { key: "p99", name: "p99", color: "crit" },
              ]}
            />
          ) : (
            empty
          )}
        </ExpandablePanel>
        <ExpandablePanel {...age} title="Errors by class" hint="last minute">
          {v?.errorClasses.length ? (
            <div data-testid="chart-error-classes">
              <ResponsiveContainer width="100%" height={Math.max(120, v.errorClasses.length * 34 + 30)}>
                <BarChart data={v.errorClasses} layout="vertical" margin={{ left: 10, right: 20 }}>
                  <CartesianGrid stroke={palette.grid} horizontal={false} />
                  <XAxis
                    type="number"
                    stroke={palette.muted}
                    tick={{ fontSize: 12 }}
                    tickFormatter={fmtCompact}
                  />
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
                    {v.errorClasses.map((e, i) => (
                      <Cell
                        key={e.errorClass}
                        fill={i === 0 ? palette.crit : palette.series[(i + 3) % palette.series.length]}
                      />
                    ))}
                  </Bar>
                </BarChart>
              </ResponsiveContainer>
            </div>
          ) : (
            <Empty title={s ? "No errors in the last minute" : "No data"} />
          )}
        </ExpandablePanel>
      </div>
    </>
  );
}
