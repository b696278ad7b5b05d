"use client";
/**
 * Play/pause, the speeds, "go to" a position since the start, and the playback's state. Shown
 * to everyone, usable by operators only (`disabled` otherwise).
 */
import { useState } from "react";
import { type Playback, type PlaybackControl, speedSteps } from "../../core/replay/playback";
import { fmtElapsed, parseElapsed } from "../_lib/format";

export function PlaybackControls({
  playback,
  disabled,
  control,
}: {
  playback: Playback;
  disabled: boolean;
  control(c: PlaybackControl): void;
}) {
  // Empty, not a fixed "5:00" (5 hours, past the end of a 30-minute replay): the placeholder
  // gives the replay's length.
  const [goto, setGoto] = useState("");
  const seekTo = () => {
    const ms = parseElapsed(goto);
    if (ms !== null) control({ action: "seek", t: Math.min(playback.to, playback.from + ms) });
  };
  return (
    <fieldset className="replay-controls" disabled={disabled}>
      <button
        type="button"
        className="primary"
        data-testid="replay-play"
        onClick={() => control({ action: playback.playing ? "pause" : "play" })}
      >
        {playback.playing ? "❚❚ Pause" : "▶ Play"}
      </button>
      <fieldset className="segmented" aria-label="Speed">
        {speedSteps.map((s) => (
          <button
            key={s}
            type="button"
            aria-pressed={playback.speed === s}
            data-testid={`replay-speed-${s}`}
            onClick={() => control({ action: "speed", speed: s })}
          >
            {s}×
          </button>
        ))}
      </fieldset>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          seekTo();
        }}
      >
        <label>
          Go to{" "}
          <input
            value={goto}
            onChange={(e) => setGoto(e.target.value)}
            placeholder={`0:00–${fmtElapsed(playback.to - playback.from)}`}
            size={10}
            aria-label="Position since the start (h:mm)"
            data-testid="replay-goto"
          />
        </label>
        <button type="submit" data-testid="replay-goto-button">
          Go
        </button>
      </form>
      <span className="sub" data-testid="replay-state">
        {playback.playing ? `playing at ${playback.speed}×` : "paused"} · length{" "}
        {fmtElapsed(playback.to - playback.from)}
      </span>
    </fieldset>
  );
}
