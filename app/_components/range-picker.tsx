"use client";
/** Live, a recent window, or custom dates. History comes from persisted frame snapshots. */
import { useState } from "react";
import { useReplayScope } from "../_lib/replay-scope";
import { type RangeKey, rangeKeys, useTimeRange } from "../_lib/time-range";
import { usePageClock } from "../_lib/use-page-clock";

const labels: Record<RangeKey, string> = {
  live: "Live",
  "15m": "15 min",
  "1h": "1 h",
  "6h": "6 h",
  custom: "Custom",
};

const toLocalInput = (t: number) => {
  const d = new Date(t * 1000);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};
const fromLocalInput = (s: string) => Math.floor(new Date(s).getTime() / 1000);

export function RangePicker() {
  const { range, setRange } = useTimeRange();
  // The page's clock: a simulated or replayed launch's last hour, not the machine's (empty).
  const now = Math.floor(usePageClock(60_000).now / 1000);
  const [from, setFrom] = useState(toLocalInput(range.from ?? now - 3600));
  const [to, setTo] = useState(toLocalInput(range.to ?? now));
  const valid = fromLocalInput(to) > fromLocalInput(from);
  // A replay's time is the playback's: its scrubber replaces the picker.
  if (useReplayScope()) return null;
  return (
    <div className="range-picker" data-testid="range-picker">
      <fieldset className="segmented" aria-label="Time range">
        {rangeKeys.map((k) => (
          <button
            key={k}
            type="button"
            aria-pressed={range.key === k}
            onClick={() => {
              if (k !== "custom") return setRange({ key: k });
              // Opened now: the last hour on the page's clock (known by now, unlike at first render).
              const f = range.from ?? now - 3600;
              const t = range.to ?? now;
              setFrom(toLocalInput(f));
              setTo(toLocalInput(t));
              setRange({ key: k, from: f, to: t });
            }}
          >
            {labels[k]}
          </button>
        ))}
      </fieldset>
      {range.key === "custom" ? (
        <>
          <input
            type="datetime-local"
            aria-label="From"
            value={from}
            onChange={(e) => setFrom(e.target.value)}
          />
          <span>to</span>
          <input type="datetime-local" aria-label="To" value={to} onChange={(e) => setTo(e.target.value)} />
          <button
            type="button"
            disabled={!valid}
            onClick={() => setRange({ key: "custom", from: fromLocalInput(from), to: fromLocalInput(to) })}
          >
            Apply
          </button>
        </>
      ) : null}
    </div>
  );
}
