"use client";
/**
 * The what-if panel of a replay: the baseline against this replay (alerts fired, time over
 * capacity, when alerts fired), and a form to run another what-if from this replay's events.
 */
import type { AlertSpan } from "../../core/live/alert-annotations";
import type { ReplayInfo } from "../../core/replay/replay-info";
import { AlertBandsCompare } from "../_components/alert-bands-compare";
import { Panel } from "../_components/bits";
import { useReplayTimeline } from "../_lib/use-replay-timeline";
import { WhatIfCompare } from "./replay-what-if-compare";
import { WhatIfForm } from "./replay-what-if-form";

interface Lane {
  from: number;
  to: number;
  alerts: readonly AlertSpan[];
}

/** The baseline's alert bands, for the side-by-side lanes. */
function useBaselineLane(baseline: ReplayInfo | null): Lane | null {
  // A timeline that cannot be read leaves the lanes out: the comparison table still says what changed.
  const { data } = useReplayTimeline(baseline?.status === "done" ? baseline.id : null);
  return data ? { from: data.from, to: data.to, alerts: data.timeline.alerts } : null;
}

export function WhatIf({
  replay,
  baseline,
  mine: lane,
}: {
  replay: ReplayInfo;
  baseline: ReplayInfo | null;
  mine: Lane;
}) {
  const baseLane = useBaselineLane(baseline);
  return (
    <Panel title="What if" hint="re-aggregates the raw events from Kafka with other capacities">
      <WhatIfCompare replay={replay} baseline={baseline} />
      {baseLane ? (
        <AlertBandsCompare
          lanes={[
            // Both lanes on this replay's range: the baseline's bands at the same moments.
            {
              label: "Baseline",
              from: lane.from,
              length: lane.to - lane.from,
              spans: baseLane.alerts.filter((s) => (s.to ?? lane.to) > lane.from && s.from < lane.to),
            },
            { label: "This replay", from: lane.from, length: lane.to - lane.from, spans: lane.alerts },
          ]}
        />
      ) : null}
      {replay.source === "kafka" ? (
        <WhatIfForm replay={replay} />
      ) : (
        <p className="sub">Snapshot replays show what happened; what-ifs need a replay from Kafka.</p>
      )}
    </Panel>
  );
}
