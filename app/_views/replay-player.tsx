"use client";
/**
 * A replay, played by the dashboard's own views: a banner saying it is a replay, the playback
 * controls and timeline, the what-if comparison, then Overview / Chains / Cities / Endpoints
 * rendered inside the replay's scope. Everyone with the link watches the same playback.
 */
import { Empty } from "../_components/bits";
import { useReplay } from "../_lib/use-replay";
import { ReplayBanner } from "./replay-banner";
import { PlaybackPanel } from "./replay-playback-panel";
import { useSeekToLinkPosition } from "./replay-share-link";
import { ReplayTabs } from "./replay-tabs";
import { ReplayWaiting } from "./replay-waiting";
import { WhatIf } from "./replay-what-if";

/** `canControl`: operators play, pause and seek the shared playback; viewers only watch it. */
export function ReplayPlayer({ id, canControl = false }: { id: string; canControl?: boolean }) {
  const r = useReplay(id);
  const { replay, joined, playback } = r;
  useSeekToLinkPosition(r, canControl);

  if (!replay)
    return r.error ? (
      <Empty title="Cannot open this replay">{r.error}</Empty>
    ) : (
      <ReplayWaiting replay={null} />
    );
  if (replay.status === "failed")
    return (
      <Empty title={`Replay “${replay.name}” failed`}>{replay.error ?? "See the web server log."}</Empty>
    );
  if (replay.status === "running" || !joined || !playback)
    return (
      <ReplayWaiting replay={replay.status === "running" ? replay : null} canCancel={canControl}>
        {r.error ? <p role="alert">{r.error}</p> : null}
      </ReplayWaiting>
    );

  return (
    <>
      <ReplayBanner replay={replay} playback={playback} viewers={r.viewers} />

      <PlaybackPanel
        id={replay.id}
        joined={joined}
        playback={playback}
        canControl={canControl}
        control={r.control}
      />

      <div className="section">
        <WhatIf
          replay={replay}
          baseline={r.baseline}
          mine={{ from: playback.from, to: playback.to, alerts: joined.timeline.alerts }}
        />
      </div>

      <ReplayTabs id={replay.id} alerts={joined.timeline.alerts} position={playback.position} />
    </>
  );
}
