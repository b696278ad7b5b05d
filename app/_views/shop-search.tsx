"use client";
/** Search across all shops (id, chain, city), plus the ones that are overloaded right now. */
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { ShopSearchResponseSchema } from "../../core/api/shops";
import type { ShopInfo } from "../../core/live/shop-view";
import { Empty, Panel } from "../_components/bits";
import { FilterBar } from "../_components/filter-bar";
import { apiFetch } from "../_lib/api-client";
import { fmtNum } from "../_lib/format";
import { useLiveView } from "../_lib/live-context";
import { OverloadedNow } from "./overloaded-now";
import { ListedResultLoad, WatchedResultLoad, watchedResults } from "./shop-result-load";

export function ShopSearch() {
  const router = useRouter();
  const [q, setQ] = useState("");
  // Results remember the query they answer: Enter never opens a shop of an earlier search.
  const [results, setResults] = useState<{ query: string; shops: ShopInfo[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const overview = useLiveView({ kind: "overview" });

  useEffect(() => {
    const query = q.trim();
    if (!query) {
      setResults(null);
      return;
    }
    const ctrl = new AbortController();
    const t = setTimeout(async () => {
      try {
        const r = await apiFetch(
          `/api/v1/shops?q=${encodeURIComponent(query)}&limit=50`,
          ShopSearchResponseSchema,
          {
            signal: ctrl.signal,
          },
        );
        setResults({ query, shops: r.shops });
        setError(null);
      } catch (err) {
        if (!ctrl.signal.aborted) setError(err instanceof Error ? err.message : String(err));
      }
    }, 200);
    return () => {
      clearTimeout(t);
      ctrl.abort();
    };
  }, [q]);

  const top = overview?.view?.topShops ?? [];
  const current = results && results.query === q.trim() ? results.shops : null;
  // Load now: the first results watched live, the others when the live feed lists them as overloaded.
  const loadOf = new Map(top.map((s) => [s.shopId, s]));
  /** Enter: the first result of what is typed now, searched now if the list is not yet its own. */
  const open = async () => {
    const query = q.trim();
    if (!query) return;
    try {
      const shops =
        current ??
        (await apiFetch(`/api/v1/shops?q=${encodeURIComponent(query)}&limit=50`, ShopSearchResponseSchema))
          .shops;
      const exact = /^\d+$/.test(query) ? shops.find((s) => s.id === Number(query)) : undefined;
      const first = exact ?? shops[0];
      if (first) router.push(`/shops/${first.id}`);
      else setResults({ query, shops });
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
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
            <div className="table-wrap">
              <table className="data" data-testid="shop-results">
                <thead>
                  <tr>
                    <th>Shop</th>
                    <th>Chain</th>
                    <th>City</th>
                    <th className="r">Can make/min</th>
                    <th className="r">Traffic weight</th>
                    <th>Load now</th>
                  </tr>
                </thead>
                <tbody>
                  {current.map((s, i) => (
                    <tr key={s.id}>
                      <td>
                        <Link href={`/shops/${s.id}`}>#{s.id}</Link>
                      </td>
                      <td>{s.chain}</td>
                      <td>{s.city}</td>
                      <td className="r">{fmtNum(s.capacityPerMin, 1)}</td>
                      <td className="r">{fmtNum(s.weight, 3)}</td>
                      <td data-testid="shop-result-load">
                        {i < watchedResults ? (
                          <WatchedResultLoad shopId={s.id} />
                        ) : (
                          <ListedResultLoad load={loadOf.get(s.id)} />
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Panel>
      ) : null}
      <div className="section">
        <OverloadedNow view={overview?.view ?? null} />
      </div>
    </>
  );
}
