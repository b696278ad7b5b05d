"use client";
/**
 * The Shops page's search results: each shop's chain, city, what its counter can make and its
 * traffic weight, and its load now (shop-result-load.tsx: the first results watched live).
 */
import Link from "next/link";
import type { ShopLoad } from "../../core/frames/frame";
import type { ShopInfo } from "../../core/live/shop-view";
import { fmtNum } from "../_lib/format";
import { ListedResultLoad, WatchedResultLoad, watchedResults } from "./shop-result-load";

export function ShopResults({
  shops,
  loadOf,
}: {
  shops: ShopInfo[];
  /** Load now of the shops the live feed lists as overloaded, by shop id. */
  loadOf: ReadonlyMap<number, ShopLoad>;
}) {
  return (
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
          {shops.map((s, i) => (
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
  );
}
