"use client";
/**
 * The dashboard-wide filters (chain, city, endpoint), kept in the URL query (`?chain=Heytea`)
 * beside the time range, so a reload or a shared link shows the same slice. Views apply them
 * where the frames break their numbers down that way (app/_lib/filtered-overview.ts); elsewhere
 * they say so instead of showing a number.
 */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useRef, useState } from "react";
import { replaceUrl, useRewriteOnNavigation } from "./url-state";

export const filterDims = ["chain", "city", "endpoint"] as const;
export type FilterDim = (typeof filterDims)[number];
export type Filters = Record<FilterDim, string | null>;

export const noFilters: Filters = { chain: null, city: null, endpoint: null };

/** The filters of a URL query; blank or over-long values are ignored. */
export function parseFilters(search: URLSearchParams): Filters {
  const one = (k: FilterDim) => {
    const v = search.get(k)?.trim() ?? "";
    return v.length > 0 && v.length <= 128 ? v : null;
  };
  return { chain: one("chain"), city: one("city"), endpoint: one("endpoint") };
}

/** `url` with `filters` in its query (other parameters, such as the range, kept). */
export function withFilters(url: URL, filters: Filters): URL {
  const out = new URL(url);
  for (const k of filterDims) {
    const v = filters[k];
    if (v === null) out.searchParams.delete(k);
    else out.searchParams.set(k, v);
  }
  return out;
}

export const anyFilter = (f: Filters): boolean => filterDims.some((k) => f[k] !== null);

/** "chain Heytea · city Shanghai". */
export const filtersText = (f: Filters): string =>
  filterDims
    .filter((k) => f[k] !== null)
    .map((k) => `${k} ${f[k]}`)
    .join(" · ");

const Ctx = createContext<{ filters: Filters; setFilter(dim: FilterDim, value: string | null): void }>({
  filters: noFilters,
  setFilter: () => {},
});

const writeUrl = (filters: Filters) => replaceUrl((url) => withFilters(url, filters));

export function FiltersProvider({ children }: { children: ReactNode }) {
  const [filters, setFilters] = useState<Filters>(noFilters);
  const current = useRef(filters);
  current.current = filters;
  useEffect(() => {
    setFilters(parseFilters(new URLSearchParams(window.location.search)));
  }, []);
  useRewriteOnNavigation(() => writeUrl(current.current));
  const setFilter = useCallback((dim: FilterDim, value: string | null) => {
    const next = { ...current.current, [dim]: value === "" ? null : value };
    setFilters(next);
    writeUrl(next);
  }, []);
  return <Ctx.Provider value={{ filters, setFilter }}>{children}</Ctx.Provider>;
}

export const useFilters = () => useContext(Ctx);
