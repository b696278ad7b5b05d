"use client";
/**
 * Dashboard state kept in the URL query (the time range, the filters) across page changes: a
 * link to another page drops the query, so after each navigation the state is written back,
 * and a reload or a copied link there shows the same range and filters.
 */
import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";

/** Calls `write` after every page change, not on the first render (the URL was just read). */
export function useRewriteOnNavigation(write: () => void): void {
  const path = usePathname();
  const first = useRef<string | null>(null);
  const latest = useRef(write);
  latest.current = write;
  useEffect(() => {
    if (first.current === null) {
      first.current = path;
      return;
    }
    latest.current();
  }, [path]);
}

/** Replaces the page's URL (no history entry) when `change` alters it. */
export function replaceUrl(change: (url: URL) => URL): void {
  const url = new URL(window.location.href);
  const next = change(url);
  if (next.href !== url.href) window.history.replaceState(window.history.state, "", next);
}
