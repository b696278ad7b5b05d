"use client";
import { fmtDateTime, fmtElapsed, fmtNum } from "../_lib/format";
import { useLiveView } from "../_lib/live-context";

/** The position readout: exact cumulative orders at the playback position (from the replay's view). */
export function ReplayPosition({ from, position }: { from: number; position: number }) {
  const v = useLiveView({ kind: "overview" })?.view ?? null;
  return (
    <div className="replay-position">
      <span>
        at{" "}
        <b className="num" data-testid="replay-elapsed">
          +{fmtElapsed(position - from)}
        </b>{" "}
        · {fmtDateTime(Math.floor(position / 1000))}
      </span>
      <span>
        orders since start{" "}
        <b className="num" data-testid="replay-orders">
          {v ? fmtNum(v.totals.ordersCreated) : "–"}
        </b>
      </span>
      <span>
        shops over capacity <b className="num">{v ? fmtNum(v.shops.overCapacity) : "–"}</b>
      </span>
    </div>
  );
}
