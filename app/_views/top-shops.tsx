"use client";
/** The most overloaded shops with their backlog and the wait a new order faces. */
import Link from "next/link";
import type { ShopLoad } from "../../core/frames/frame";
import { Empty, UtilBar } from "../_components/bits";
import { fmtMinutes, fmtNum } from "../_lib/format";

export function TopShops({ shops, filtered = false }: { shops: readonly ShopLoad[]; filtered?: boolean }) {
  if (shops.length === 0)
    return filtered ? (
      <Empty title="None of the most overloaded shops is in this slice">
        The list holds the most overloaded shops of all chains and cities; those of the filtered ones are not
        among them now.
      </Empty>
    ) : (
      <Empty title="No shop is reporting load yet">Shops appear here once orders reach them.</Empty>
    );
  return (
    <div className="table-wrap">
      <table className="data" data-testid="top-shops">
        <thead>
          <tr>
            <th>Shop</th>
            <th>Chain</th>
            <th>City</th>
            <th className="r">Orders/min</th>
            <th className="r">Can make/min</th>
            <th>Load</th>
            <th className="r">Backlog</th>
            <th className="r">Est. wait</th>
          </tr>
        </thead>
        <tbody>
          {shops.map((s) => (
            <tr key={s.shopId}>
              <td>
                <Link href={`/shops/${s.shopId}`}>#{s.shopId}</Link>
              </td>
              <td>{s.chain}</td>
              <td>{s.city}</td>
              <td className="r">{fmtNum(s.ratePerMin, 1)}</td>
              <td className="r">{fmtNum(s.capacityPerMin, 1)}</td>
              <td>
                <UtilBar value={s.utilization} />
              </td>
              <td className="r">{fmtNum(s.backlog)}</td>
              <td
                className="r"
                style={{ color: s.waitMin > 15 ? "var(--crit)" : undefined, fontWeight: 600 }}
              >
                {fmtMinutes(s.waitMin)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
