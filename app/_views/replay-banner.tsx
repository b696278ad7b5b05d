"use client";
/**
 * The banner over a replay: that it is one, where its data comes from, its capacities, how many
 * watch it, and the share link (with the position), the report and the list of replays.
 */
import Link from "next/link";
import { useState } from "react";
import type { Playback } from "../../core/replay/playback";
import { describeOverrides, type ReplayInfo } from "../../core/replay/replay-info";
import { positionLink } from "./replay-share-link";

export function ReplayBanner({
  replay,
  playback,
  viewers,
}: {
  replay: ReplayInfo;
  playback: Playback;
  viewers: number;
}) {
  const [copied, setCopied] = useState(false);
  const share = async () => {
    const url = positionLink(playback);
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
    } catch {
      window.prompt("Copy this link", url);
    }
  };
  return (
    <div className="banner info replay-banner" role="status" data-testid="replay-banner">
      <strong>Replay · {replay.name}</strong>
      <p>
        {replay.source === "kafka" ? "re-aggregated from the raw events" : "from the live snapshots"} ·{" "}
        {describeOverrides(replay)} · {viewers} watching ·{" "}
        <button type="button" className="share-link" onClick={share}>
          {copied ? "Link copied" : "Share link"}
        </button>{" "}
        · <Link href={`/replays/${replay.id}/report`}>Report</Link> · <Link href="/replays">All replays</Link>
      </p>
    </div>
  );
}
