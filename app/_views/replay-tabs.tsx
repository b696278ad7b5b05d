"use client";
/**
 * The dashboard's own views (Overview, Chains, Cities, Endpoints) inside a replay's scope: they
 * read the replay's rooms, and their clock is the playback position, not the wall clock.
 */
import { useCallback, useRef, useState } from "react";
import type { AlertSpan } from "../../core/live/alert-annotations";
import { ReplayScopeProvider } from "../_lib/replay-scope";
import { Breakdown } from "./breakdown";
import { EndpointList } from "./endpoint-list";
import { Overview } from "./overview";

const tabs = ["Overview", "Chains", "Cities", "Endpoints"] as const;
type Tab = (typeof tabs)[number];

export function ReplayTabs({
  id,
  alerts,
  position,
}: {
  id: string;
  alerts: readonly AlertSpan[];
  /** Playback position (ms). */
  position: number;
}) {
  const [tab, setTab] = useState<Tab>("Overview");
  // One clock function for the scope's lifetime, reading the latest position.
  const at = useRef(0);
  at.current = position;
  const now = useCallback(() => at.current, []);
  return (
    <>
      <div className="section">
        <fieldset className="segmented" aria-label="Replay view">
          {tabs.map((t) => (
            <button key={t} type="button" aria-pressed={tab === t} onClick={() => setTab(t)}>
              {t}
            </button>
          ))}
        </fieldset>
      </div>
      <ReplayScopeProvider id={id} alerts={alerts} now={now}>
        {tab === "Overview" ? <Overview /> : null}
        {tab === "Chains" ? <Breakdown dimension="chain" /> : null}
        {tab === "Cities" ? <Breakdown dimension="city" /> : null}
        {tab === "Endpoints" ? <EndpointList /> : null}
      </ReplayScopeProvider>
    </>
  );
}
