"use client";
/**
 * The dashboard-wide filters (chain, city, endpoint; app/_lib/filters.tsx) as selects whose
 * options are what the live views report, and the page's share link: the URL carries the time
 * range, the filters (and kiosk mode, a replay's position) as they are now.
 */
import { useMemo, useState } from "react";
import { type FilterDim, useFilters } from "../_lib/filters";
import { useLiveView } from "../_lib/live-context";

const labels: Record<FilterDim, { label: string; all: string }> = {
  chain: { label: "Chain", all: "All chains" },
  city: { label: "City", all: "All cities" },
  endpoint: { label: "Endpoint", all: "All endpoints" },
};

function FilterSelect({ dim, options }: { dim: FilterDim; options: readonly string[] }) {
  const { filters, setFilter } = useFilters();
  const value = filters[dim];
  // A value from the URL the live views have not reported (yet) stays selectable, and selected.
  const shown = value !== null && !options.includes(value) ? [value, ...options] : options;
  return (
    <label className="filter">
      <span>{labels[dim].label}</span>
      <select
        data-testid={`filter-${dim}`}
        value={value ?? ""}
        onChange={(e) => setFilter(dim, e.target.value || null)}
      >
        <option value="">{labels[dim].all}</option>
        {shown.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  );
}

const keysOf = (rows: ReadonlyArray<{ key: string }> | undefined) =>
  [...new Set((rows ?? []).map((r) => r.key))].sort((a, b) => a.localeCompare(b));

/** This page's address as it is now, to send to someone (or open on another screen). */
export function ShareLink() {
  const [link, setLink] = useState<string | null>(null);
  const [copied, setCopied] = useState<boolean | null>(null);
  const share = async () => {
    const href = window.location.href;
    setLink(href);
    try {
      await navigator.clipboard.writeText(href);
      setCopied(true);
    } catch {
      // No clipboard (an insecure origin, a kiosk browser): the link is shown to copy by hand.
      setCopied(false);
    }
  };
  return (
    <span className="share-link">
      <button
        type="button"
        onClick={share}
        data-testid="share-button"
        title="Copy this page's link: range and filters"
      >
        Share link
      </button>
      {link ? (
        <>
          <input
            readOnly
            aria-label="Link to this view"
            data-testid="share-link"
            value={link}
            onFocus={(e) => e.currentTarget.select()}
          />
          <span className="form-note">{copied ? "copied" : "copy it from the box"}</span>
        </>
      ) : null}
    </span>
  );
}

/** Selects for `dims` and the share link. */
export function FilterBar({ dims }: { dims: readonly FilterDim[] }) {
  const chains = useLiveView(dims.includes("chain") ? { kind: "chain" } : null);
  const cities = useLiveView(dims.includes("city") ? { kind: "city" } : null);
  const overview = useLiveView(dims.includes("endpoint") ? { kind: "overview" } : null);
  const options = useMemo(
    () => ({
      chain: keysOf(chains?.view?.rows),
      city: keysOf(cities?.view?.rows),
      endpoint: [...new Set(overview?.view?.endpoints.map((e) => e.endpoint) ?? [])].sort(),
    }),
    [chains?.view, cities?.view, overview?.view],
  );
  return (
    <div className="filter-bar" data-testid="filter-bar">
      {dims.map((d) => (
        <FilterSelect key={d} dim={d} options={options[d]} />
      ))}
      <ShareLink />
    </div>
  );
}
