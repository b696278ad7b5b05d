"use client";
/**
 * The Playback panel: the controls, the position readout, the timeline (click to seek) and the
 * order milestones (click to go there). Everyone with the link sees the same position.
 */
import type { ReplayJoined } from "../../core/live/socket-events";
import type { Playback, PlaybackControl } from "../../core/replay/playback";
import { Panel } from "../_components/bits";
import { ReplayScrubber } from "../_components/replay-scrubber";
import { fmtElapsed, fmtNum } from "../_lib/format";
import { ReplayScopeProvider } from "../_lib/replay-scope";
import { PlaybackControls } from "./replay-playback-controls";
import { ReplayPosition } from "./replay-position";

/** `canControl`: operators play, pause and seek; viewers only watch. */
export function PlaybackPanel({
  id,
  joined,
  playback,
  canControl,
  control,
}: {
  id: string;
  joined: ReplayJoined;
  playback: Playback;
  canControl: boolean;
  control(c: PlaybackControl): void;
}) {
  const { timeline } = joined;
  return (
    <Panel
      title="Playback"
      hint={
        canControl
          ? "everyone with the link sees the same position"
          : "everyone with the link sees the same position; operators steer it"
      }
      testId="replay-controls"
    >
      <PlaybackControls playback={playback} disabled={!canControl} control={control} />
      <ReplayScopeProvider id={id} alerts={timeline.alerts}>
        <ReplayPosition from={playback.from} position={playback.position} />
      </ReplayScopeProvider>
      <ReplayScrubber
        timeline={timeline}
        from={playback.from}
        position={playback.position}
        onSeek={(t) => (canControl ? control({ action: "seek", t }) : undefined)}
      />
      {timeline.milestones.length ? (
        <div className="legend" data-testid="replay-milestones">
          {timeline.milestones.map((m) => (
            <button
              key={m.orders}
              type="button"
              className="link"
              disabled={!canControl}
              onClick={() => control({ action: "seek", t: m.at })}
            >
              {fmtNum(m.orders)} orders at +{fmtElapsed(m.at - playback.from)}
            </button>
          ))}
        </div>
      ) : null}
    </Panel>
  );
}
