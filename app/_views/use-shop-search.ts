"use client";
/**
 * The Shops page's search: the query as typed, its results (asked 200 ms after the last
 * keystroke, an older request cancelled), and Enter opening the first result.
 */
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { ShopSearchResponseSchema } from "../../core/api/shops";
import type { ShopInfo } from "../../core/live/shop-view";
import { apiFetch, errorText } from "../_lib/api-client";

const searchShops = async (query: string, signal?: AbortSignal) =>
  (
    await apiFetch(
      `/api/v1/shops?q=${encodeURIComponent(query)}&limit=50`,
      ShopSearchResponseSchema,
      signal ? { signal } : undefined,
    )
  ).shops;

export function useShopSearch() {
  const router = useRouter();
  const [q, setQ] = useState("");
  // Results remember the query they answer: Enter never opens a shop of an earlier search.
  const [results, setResults] = useState<{ query: string; shops: ShopInfo[] } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const query = q.trim();
    if (!query) {
      setResults(null);
      return;
    }
    const ctrl = new AbortController();
    const t = setTimeout(async () => {
      try {
        setResults({ query, shops: await searchShops(query, ctrl.signal) });
        setError(null);
      } catch (err) {
        if (!ctrl.signal.aborted) setError(errorText(err));
      }
    }, 200);
    return () => {
      clearTimeout(t);
      ctrl.abort();
    };
  }, [q]);

  /** The results of what is typed now; null while they are being asked. */
  const current = results && results.query === q.trim() ? results.shops : null;
  /** Enter: the first result of what is typed now, searched now if the list is not yet its own. */
  const open = async () => {
    const query = q.trim();
    if (!query) return;
    try {
      const shops = current ?? (await searchShops(query));
      const exact = /^\d+$/.test(query) ? shops.find((s) => s.id === Number(query)) : undefined;
      const first = exact ?? shops[0];
      if (first) router.push(`/shops/${first.id}`);
      else setResults({ query, shops });
    } catch (err) {
      setError(errorText(err));
    }
  };

  return { q, setQ, current, error, open };
}
