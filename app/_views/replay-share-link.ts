"use client";
/**
 * The link to a replay carries the playback position (?t=seconds since the start): opened by an
 * operator, the playback goes there; viewers only watch where it is.
 */
import { useEffect, useRef } from "react";
import { linkSeconds } from "../../core/replay/link-position";
import type { Playback } from "../../core/replay/playback";
import type { ReplayState } from "../_lib/use-replay";

/** This page's address with the playback's position in it. */
export function positionLink(playback: Playback): string {
  const url = new URL(window.location.href);
  url.searchParams.set("t", String(linkSeconds(playback)));
  return url.toString();
}

/** Seeks once, when an operator's page first has the playback, to the link's ?t= (if any). */
export function useSeekToLinkPosition(r: ReplayState, canControl: boolean): void {
  const { playback, joined } = r;
  const sharedAt = useRef(false);
  useEffect(() => {
    if (sharedAt.current || !playback || !joined || !canControl) return;
    sharedAt.current = true;
    const t = Number(new URLSearchParams(window.location.search).get("t"));
    if (t > 0) r.control({ action: "seek", t: Math.min(playback.to, playback.from + t * 1000) });
  }, [playback, joined, canControl, r]);
}
