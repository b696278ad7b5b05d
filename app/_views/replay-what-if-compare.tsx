"use client";
/**
 * The baseline against this replay, like for like: alerts fired, time over capacity (shops and
 * each endpoint), peak shops over capacity, all over the same range; or a note that the ranges
 * differ and nothing is compared.
 */
import { describeOverrides, type ReplayInfo } from "../../core/replay/replay-info";
import { fmtDateTime, fmtNum } from "../_lib/format";

interface BaselineFigures {
  fired: number;
  shopSeconds: number;
  peakShops: number;
  endpoints: Record<string, number>;
}

/**
 * The baseline's figures over this replay's range: those computed with it over that range, or
 * the baseline's own when its range is the same; null when there are neither.
 */
function baselineFigures(replay: ReplayInfo, baseline: ReplayInfo | null): BaselineFigures | null {
  const mine = replay.summary;
  const restricted = mine?.baseline && mine.baseline.id === baseline?.id ? mine.baseline : null;
  if (restricted)
    return {
      fired: restricted.alertsFired,
      shopSeconds: restricted.shopSecondsOverCapacity,
      peakShops: restricted.peakShopsOverCapacity,
      endpoints: restricted.endpointSecondsOverCapacity,
    };
  const full = baseline?.summary ?? null;
  const sameRange = full !== null && mine !== null && full.from === mine.from && full.to === mine.to;
  return full && sameRange
    ? {
        fired: full.alerts.fired,
        shopSeconds: full.shopSecondsOverCapacity,
        peakShops: full.peaks.shopsOverCapacity,
        endpoints: full.endpointSecondsOverCapacity,
      }
    : null;
}

export function WhatIfCompare({ replay, baseline }: { replay: ReplayInfo; baseline: ReplayInfo | null }) {
  const mine = replay.summary;
  const base = baselineFigures(replay, baseline);
  if (!mine) return null;
  if (!base)
    return baseline?.summary ? (
      <p className="sub" role="note" data-testid="whatif-range-warning">
        The baseline covers another range than this replay: not compared.
      </p>
    ) : null;
  return (
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
  );
}

/** One figure, baseline then this replay, the latter green when lower and red when higher. */
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
