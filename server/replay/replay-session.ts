/**
 * One replay being watched: a playback clock shared by everyone who opened the replay's link,
 * and a live hub of its own fed with the replay's frame snapshots as the clock passes them
 * (replay-feed.ts), its alerts room following the position (replay-alerts.ts). The dashboard's
 * views are computed by that hub once per change, whatever the number of viewers.
 */
import type { Logger } from "../../adapters/log";
import type { CombinedView } from "../../core/frames/combine";
import type { AlertChange } from "../../core/live/alert-annotations";
import type { ReferenceCapacity } from "../../core/live/reference-capacity";
import { advance, control, type Playback, type PlaybackControl } from "../../core/replay/playback";
import { createLiveHub, type LiveHub } from "../live/hub";
import { replayAlertsOn } from "./replay-alerts";
import { createReplayFeed, type ReplayFrameSource } from "./replay-feed";

export interface ReplaySession {
  readonly hub: LiveHub;
  playback(): Playback;
  /** Applies a control and tells every viewer. */
  control(c: PlaybackControl): Playback;
  /** Called with the playback after every change and every tick while playing. */
  onPlayback(listener: (p: Playback) => void): () => void;
  /** Resolves once the views show the current position (tests, and a seek's reply). */
  settled(): Promise<void>;
  close(): void;
}

export interface ReplaySessionOptions {
  playback: Playback;
  frames: ReplayFrameSource;
  /** The replay's alert changes, oldest first. */
  alerts: readonly AlertChange[];
  capacity: ReferenceCapacity;
  logger: Logger;
  /** Seconds between the replay's snapshots (60 for re-aggregated replays, 1 for live ones). */
  stepSec: number;
  /** Wall ms between clock ticks (default 250). */
  tickMs?: number;
  /** Chart history fed after a jump, in event seconds (default 900: the charts' 15 minutes). */
  backfillSec?: number;
  /**
   * Created orders by an event time (ms): the views' "orders since start" then follow event
   * time exactly, where frame totals count what a worker had read.
   */
  ordersAt?: (ms: number) => number;
  /** Most snapshots read per tick; beyond it the views jump to the newest (default 240). */
  maxFramesPerTick?: number;
  clock?: () => number;
}

/** The views' "orders since start" at the view's event time, where one is known. */
const ordersAtWatermark =
  (ordersAt: (ms: number) => number) =>
  (v: CombinedView): CombinedView =>
    v.watermark === null ? v : { ...v, totals: { ...v.totals, ordersCreated: ordersAt(v.watermark) } };

export function createReplaySession({
  playback: initial,
  frames,
  alerts,
  capacity,
  logger,
  stepSec,
  tickMs = 250,
  backfillSec = 900,
  maxFramesPerTick = 240,
  ordersAt,
  clock = Date.now,
}: ReplaySessionOptions): ReplaySession {
  // Replayed workers report once per step of event time: never drop one as silent.
  const hub = createLiveHub({
    clock,
    sourceStaleAfterMs: Number.POSITIVE_INFINITY,
    adjust: ordersAt ? ordersAtWatermark(ordersAt) : undefined,
  });
  hub.setCapacity(capacity);
  let p = initial;
  let lastTick = clock();
  const listeners = new Set<(p: Playback) => void>();
  const emit = () => {
    for (const l of listeners) l(p);
  };
  const feed = createReplayFeed({
    hub,
    frames,
    position: () => p.position,
    fed: replayAlertsOn(hub, alerts),
    logger,
    stepSec,
    backfillSec,
    maxFramesPerTick,
  });

  const timer = setInterval(() => {
    const now = clock();
    const wall = now - lastTick;
    lastTick = now;
    if (!p.playing) return;
    p = advance(p, wall);
    emit();
    void feed.sync();
  }, tickMs);
  timer.unref();
  void feed.sync();

  return {
    hub,
    playback: () => p,
    control(c) {
      lastTick = clock();
      p = control(p, c);
      emit();
      void feed.sync();
      return p;
    },
    onPlayback(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    settled: () => feed.settled(),
    close() {
      feed.close();
      clearInterval(timer);
      listeners.clear();
    },
  };
}
