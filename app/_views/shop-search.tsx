"use client";
/**
 * Search across all shops (id, chain, city), plus the ones that are overloaded right now. The
 * search (use-shop-search.ts) and its results (shop-results.tsx).
 */
import { Empty, Panel } from "../_components/bits";
import { FilterBar } from "../_components/filter-bar";
import { useLiveView } from "../_lib/live-context";
import { OverloadedNow } from "./overloaded-now";
import { watchedResults } from "./shop-result-load";
import { ShopResults } from "./shop-results";
import { useShopSearch } from "./use-shop-search";

export function ShopSearch() {
  const { q, setQ, current, error, open } = useShopSearch();
  const overview = useLiveView({ kind: "overview" });
  const top = overview?.view?.topShops ?? [];
  // Load now: the first results watched live, the others when the live feed lists them as overloaded.
  const loadOf = new Map(top.map((s) => [s.shopId, s]));
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Shops</h1>
          <div className="sub">Search all shops by id, chain or city, then open one to watch it live</div>
        </div>
        <FilterBar dims={["chain", "city"]} />
      </div>
      <form
        className="search"
        onSubmit={(e) => {
          e.preventDefault();
          void open();
        }}
      >
        <input
          type="search"
          placeholder="Shop id, chain or city — e.g. 1042, “Heytea Shenzhen”"
          aria-label="Search shops"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          data-testid="shop-search"
        />
      </form>
      {q.trim() ? (
        <Panel
          title="Results"
          hint={`highest traffic weight first (the reference data's share of orders); load now: orders/min against capacity, the first ${watchedResults} watched live`}
        >
          {error ? (
            <Empty title="Search failed">{error}</Empty>
          ) : current === null ? (
            <Empty title="Searching…" />
          ) : current.length === 0 ? (
            <Empty title={`No shop matches “${q.trim()}”`}>Try an id, or a chain or city name.</Empty>
          ) : (
            <ShopResults shops={current} loadOf={loadOf} />
          )}
        </Panel>
      ) : null}
      <div className="section">
        <OverloadedNow view={overview?.view ?? null} />
      </div>
    </>
  );
}
