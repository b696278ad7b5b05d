"use client";
/** Replays: the past launches recorded for review, and a form to start a new one. */
import Link from "next/link";
import { useEffect, useState } from "react";
import { ReplaysResponseSchema } from "../../core/api/replays";
import { describeOverrides, type ReplayInfo } from "../../core/replay/replay-info";
import { Empty, Panel } from "../_components/bits";
import { apiFetch, errorText } from "../_lib/api-client";
import { fmtDateTime, fmtElapsed, fmtNum } from "../_lib/format";
import { useStartReplay } from "./use-start-replay";

/** datetime-local value → epoch ms (undefined when empty). */
const localMs = (s: string) => (s ? new Date(s).getTime() : undefined);

function NewReplay({ replays }: { replays: ReplayInfo[] }) {
  const [name, setName] = useState("Launch night");
  const [source, setSource] = useState<"kafka" | "snapshots">("kafka");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [capacity, setCapacity] = useState("");
  const [rules, setRules] = useState("");
  const [baselineId, setBaselineId] = useState("");
  const { busy, error, start } = useStartReplay();
  const submit = () =>
    start({
      name,
      source,
      from: localMs(from),
      to: localMs(to),
      capacity,
      rules,
      ...(baselineId ? { baselineId } : {}),
    });
  return (
    <Panel title="New replay" hint="operators · a what-if re-aggregates the raw events still in Kafka">
      <form
        className="stack-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label>
          Name{" "}
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
            maxLength={100}
            data-testid="replay-name"
          />
        </label>
        <label>
          Source{" "}
          <select
            value={source}
            onChange={(e) => setSource(e.target.value === "snapshots" ? "snapshots" : "kafka")}
          >
            <option value="kafka">Raw events in Kafka (what-if capable)</option>
            <option value="snapshots">Live snapshots (as it happened; starts in seconds)</option>
          </select>
        </label>
        <label>
          From (optional){" "}
          <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          To (optional) <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <label>
          What-if capacities{" "}
          <input
            value={capacity}
            onChange={(e) => setCapacity(e.target.value)}
            placeholder="shops=2x; chain:Heytea=1.5x; endpoint:POST /order/create=2x"
            disabled={source === "snapshots"}
            data-testid="replay-capacity"
          />
        </label>
        <label>
          What-if rules{" "}
          <input
            value={rules}
            onChange={(e) => setRules(e.target.value)}
            placeholder="rule:shop-over-capacity.for=5m; rule:download-surge.enabled=false"
            disabled={source === "snapshots"}
          />
        </label>
        <label>
          Compare with{" "}
          <select
            value={baselineId}
            onChange={(e) => setBaselineId(e.target.value)}
            data-testid="replay-baseline"
          >
            <option value="">(no baseline)</option>
            {replays
              .filter((r) => r.status === "done")
              .map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name} ({r.id})
                </option>
              ))}
          </select>
        </label>
        <div>
          <button type="submit" className="primary" disabled={busy} data-testid="replay-start">
            {busy ? "Starting…" : "Start replay"}
          </button>
          {error ? (
            <span className="form-error" role="alert">
              {" "}
              {error}
            </span>
          ) : null}
        </div>
      </form>
    </Panel>
  );
}

export function ReplaysPage() {
  const [replays, setReplays] = useState<ReplayInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    const load = () =>
      apiFetch("/api/v1/replays", ReplaysResponseSchema)
        .then((r) => !cancelled && setReplays(r.replays))
        .catch((err) => !cancelled && setError(errorText(err)));
    void load();
    const t = setInterval(load, 5000);
    return () => {
      cancelled = true;
      clearInterval(t);
    };
  }, []);
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Replays</h1>
          <div className="sub">
            Play a past launch again, ask what more capacity would have changed, share the link
          </div>
        </div>
      </div>
      <div className="grid cols-2-1">
        <Panel title="Recorded replays">
          {error ? <Empty title="Could not load replays">{error}</Empty> : null}
          {replays?.length ? (
            <div className="table-wrap">
              <table className="data" data-testid="replays">
                <thead>
                  <tr>
                    <th>Name</th>
                    <th>Source</th>
                    <th>Capacities</th>
                    <th>Status</th>
                    <th className="r">Orders</th>
                    <th className="r">Alerts fired</th>
                    <th>Created</th>
                  </tr>
                </thead>
                <tbody>
                  {replays.map((r) => (
                    <tr key={r.id}>
                      <td>
                        <Link href={`/replays/${r.id}`}>{r.name}</Link>
                      </td>
                      <td>{r.source}</td>
                      <td>{describeOverrides(r)}</td>
                      <td>
                        {r.status === "failed" ? (
                          <span title={r.error ?? ""}>failed</span>
                        ) : r.status === "running" && r.progress ? (
                          `running · ${r.progress.percent.toFixed(0)} %`
                        ) : (
                          r.status
                        )}
                      </td>
                      <td className="r num">{r.summary ? fmtNum(r.summary.totals.ordersCreated) : "–"}</td>
                      <td className="r num">{r.summary ? fmtNum(r.summary.alerts.fired) : "–"}</td>
                      <td>
                        {fmtDateTime(Math.floor(r.createdAt / 1000))}
                        {r.summary?.from != null && r.summary.to != null
                          ? ` · ${fmtElapsed(r.summary.to - r.summary.from)} of data`
                          : ""}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : replays ? (
            <Empty title="No replays yet">
              Start one with the form: a whole launch from Kafka, or a range of the live snapshots.
            </Empty>
          ) : null}
        </Panel>
        <NewReplay replays={replays ?? []} />
      </div>
    </>
  );
}
