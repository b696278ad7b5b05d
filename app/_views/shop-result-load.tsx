"use client";
/**
 * A shop search result's load now: orders per minute against what its counter can make, and the
 * ratio. The first results are watched live (their shop rooms: the web asks the workers to report
 * them, docs/DASHBOARD.md "Watched shops"); the others show a load only when the live feed lists
 * them among the overloaded.
 */
import type { ShopLoad } from "../../core/frames/frame";
import { UtilBar } from "../_components/bits";
import { fmtNum } from "../_lib/format";
import { useLiveView } from "../_lib/live-context";

/** How many results are watched live: a socket holds at most 20 rooms, and the page has others. */
export const watchedResults = 10;

/** Whole numbers as they are, others to one decimal (a counter makes 2.5 orders a minute). */
const perMin = (n: number) => fmtNum(n, Number.isInteger(n) ? 0 : 1);

function LoadText({ load }: { load: Pick<ShopLoad, "ratePerMin" | "capacityPerMin" | "utilization"> }) {
  return (
    <span className="result-load">
      <UtilBar value={load.utilization} />{" "}
      <span className="user">
        {perMin(load.ratePerMin)} of {perMin(load.capacityPerMin)} orders/min
      </span>
    </span>
  );
}

/** A watched result: its live load, or that the workers have not reported it yet. */
export function WatchedResultLoad({ shopId }: { shopId: number }) {
  const state = useLiveView({ kind: "shop", shopId });
  const load = state?.view?.load ?? null;
  if (load) return <LoadText load={load} />;
  return <span className="user">{state?.view ? "watching: no report yet" : "connecting…"}</span>;
}

/** A result past the watched ones: its load if the live feed lists it as overloaded. */
export function ListedResultLoad({ load }: { load: ShopLoad | undefined }) {
  return load ? (
    <LoadText load={load} />
  ) : (
    <span className="user">not among the overloaded · open to watch</span>
  );
}
