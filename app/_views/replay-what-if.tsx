"use client";
/**
 * The what-if panel of a replay: the baseline against this replay (alerts fired, time over
 * capacity, when alerts fired), and a form to run another what-if from this replay's events.
 */
import { useEffect, useState } from "react";
import { ReplayCreatedResponseSchema, ReplayTimelineResponseSchema } from "../../core/api/replays";
import type { AlertSpan } from "../../core/live/alert-annotations";
import { describeOverrides, type ReplayInfo } from "../../core/replay/replay-info";
import { AlertBandsCompare } from "../_components/alert-bands-compare";
import { Panel } from "../_components/bits";
import { apiFetch, errorText } from "../_lib/api-client";
import { fmtDateTime, fmtNum } from "../_lib/format";

interface Lane {
  from: number;
  to: number;
  alerts: readonly AlertSpan[];
}

/** The baseline's alert bands, for the side-by-side lanes. */
function useBaselineLane(baseline: ReplayInfo | null): Lane | null {
  const [lane, setLane] = useState<Lane | null>(null);
  const id = baseline?.status === "done" ? baseline.id : null;
  useEffect(() => {
    if (!id) return;
    let cancelled = false;
    apiFetch(`/api/v1/replays/${id}/timeline`, ReplayTimelineResponseSchema)
      .then((r) => !cancelled && setLane({ from: r.from, to: r.to, alerts: r.timeline.alerts }))
      .catch(() => {
        // The comparison table still says what changed.
      });
    return () => {
      cancelled = true;
    };
  }, [id]);
  return lane;
}

export function WhatIf({
  replay,
  baseline,
  mine: lane,
}: {
  replay: ReplayInfo;
  baseline: ReplayInfo | null;
  mine: Lane;
}) {
  const [capacity, setCapacity] = useState("shops=2x");
  const [rules, setRules] = useState("");
  const baseLane = useBaselineLane(baseline);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const mine = replay.summary;
  // Like for like: the baseline over this replay's range (computed with it); a baseline whose
  // range differs and has no such figures is not compared.
  const restricted = mine?.baseline && mine.baseline.id === baseline?.id ? mine.baseline : null;
  const full = baseline?.summary ?? null;
  const sameRange = full !== null && mine !== null && full.from === mine.from && full.to === mine.to;
  const base = restricted
    ? {
        fired: restricted.alertsFired,
        shopSeconds: restricted.shopSecondsOverCapacity,
        peakShops: restricted.peakShopsOverCapacity,
        endpoints: restricted.endpointSecondsOverCapacity,
      }
    : full && sameRange
      ? {
          fired: full.alerts.fired,
          shopSeconds: full.shopSecondsOverCapacity,
          peakShops: full.peaks.shopsOverCapacity,
          endpoints: full.endpointSecondsOverCapacity,
        }
      : null;
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await apiFetch("/api/v1/replays", ReplayCreatedResponseSchema, {
        method: "POST",
        body: {
          name: `${replay.name} · what-if ${[capacity, rules].filter(Boolean).join("; ")}`,
          capacity,
          rules,
          baselineId: replay.id,
        },
      });
      window.location.href = `/replays/${r.replay.id}`;
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  };
  return (
    <Panel title="What if" hint="re-aggregates the raw events from Kafka with other capacities">
      {full && mine && !base ? (
        <p className="sub" role="note" data-testid="whatif-range-warning">
          The baseline covers another range than this replay: not compared.
        </p>
      ) : null}
      {base && mine ? (
        <table className="data" data-testid="whatif-compare">
          <caption className="sub" data-testid="whatif-range">
            both over the same range: {fmtDateTime(Math.floor((mine.from ?? 0) / 1000))} to{" "}
            {fmtDateTime(Math.floor((mine.to ?? 0) / 1000))}
          </caption>
          <thead>
            <tr>
              <th />
              <th className="r">Baseline ({baseline?.name})</th>
              <th className="r">This replay ({describeOverrides(replay)})</th>
            </tr>
          </thead>
          <tbody>
            <Row label="Alerts fired" a={base.fired} b={mine.alerts.fired} testId="whatif-alerts" />
            <Row
              label="Shop-minutes over capacity"
              a={Math.round(base.shopSeconds / 60)}
              b={Math.round(mine.shopSecondsOverCapacity / 60)}
            />
            <Row label="Peak shops over capacity" a={base.peakShops} b={mine.peaks.shopsOverCapacity} />
            {Object.keys({ ...base.endpoints, ...mine.endpointSecondsOverCapacity }).map((e) => (
              <Row
                key={e}
                label={`${e}: minutes over capacity`}
                a={Math.round((base.endpoints[e] ?? 0) / 60)}
                b={Math.round((mine.endpointSecondsOverCapacity[e] ?? 0) / 60)}
              />
            ))}
          </tbody>
        </table>
      ) : null}
      {baseLane ? (
        <AlertBandsCompare
          lanes={[
            // Both lanes on this replay's range: the baseline's bands at the same moments.
            {
              label: "Baseline",
              from: lane.from,
              length: lane.to - lane.from,
              spans: baseLane.alerts.filter((s) => (s.to ?? lane.to) > lane.from && s.from < lane.to),
            },
            { label: "This replay", from: lane.from, length: lane.to - lane.from, spans: lane.alerts },
          ]}
        />
      ) : null}
      {replay.source === "kafka" ? (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            void run();
          }}
        >
          <label>
            Capacities{" "}
            <input
              value={capacity}
              onChange={(e) => setCapacity(e.target.value)}
              placeholder="shops=2x; chain:Heytea=1.5x; endpoint:POST /order/create=2x"
              size={44}
              data-testid="whatif-capacity"
            />
          </label>
          <label>
            Rules{" "}
            <input
              value={rules}
              onChange={(e) => setRules(e.target.value)}
              placeholder="rule:shop-over-capacity.for=5m"
              size={34}
              data-testid="whatif-rules"
            />
          </label>
          <button type="submit" className="primary" disabled={busy} data-testid="whatif-run">
            {busy ? "Starting…" : "Run what-if"}
          </button>
          {error ? (
            <span className="form-error" role="alert">
              {error}
            </span>
          ) : null}
        </form>
      ) : (
        <p className="sub">Snapshot replays show what happened; what-ifs need a replay from Kafka.</p>
      )}
    </Panel>
  );
}

function Row({ label, a, b, testId }: { label: string; a: number; b: number; testId?: string }) {
  return (
    <tr data-testid={testId}>
      <td>{label}</td>
      <td className="r num">{fmtNum(a)}</td>
      <td
        className="r num"
        style={{ fontWeight: 600, color: b < a ? "var(--ok)" : b > a ? "var(--crit)" : undefined }}
      >
        {fmtNum(b)}
      </td>
    </tr>
  );
}
