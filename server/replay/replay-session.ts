/**
 * One replay being watched: a playback clock shared by everyone who opened the replay's link,
 * and a live hub of its own fed with the replay's frame snapshots as the clock passes them. The
 * dashboard's views are computed by that hub once per change, whatever the number of viewers.
 */
import type { Logger } from "../../adapters/log";
import { describeError } from "../../core/errors";
import type { AlertChange } from "../../core/live/alert-annotations";
import { type ActiveAlert, severityOf, subjectOf } from "../../core/live/alerts";
import type { SnapshotRow } from "../../core/live/history";
import type { ReferenceCapacity } from "../../core/live/reference-capacity";
import { advance, control, type Playback, type PlaybackControl } from "../../core/replay/playback";
import { firingAt } from "../../core/replay/timeline";
import { createLiveHub, type LiveHub } from "../live/hub";

/** Where a session reads the replay's frames (a frame-snapshot group). */
export interface ReplayFrameSource {
  /** Snapshots with `afterSec` < t <= `toSec`, oldest first, at most `limit`. */
  between(afterSec: number, toSec: number, limit: number): Promise<SnapshotRow[]>;
  /** The newest snapshot of each worker at or before `atSec`. */
  at(atSec: number): Promise<SnapshotRow[]>;
}

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

/** Display form of a replayed alert (no acknowledgements in a replay). */
function toActive(c: AlertChange): ActiveAlert {
  return {
    id: c.fingerprint,
    rule: c.rule,
    severity: severityOf(c.labels),
    subject: subjectOf(c.labels),
    message: c.rule,
    since: c.at,
    value: null,
    threshold: null,
    acknowledgedBy: null,
    labels: c.labels,
  };
}

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
    adjust: ordersAt
      ? (v) =>
          v.watermark === null ? v : { ...v, totals: { ...v.totals, ordersCreated: ordersAt(v.watermark) } }
      : undefined,
  });
  hub.setCapacity(capacity);
  let p = initial;
  let lastTick = clock();
  /** Event second up to which frames were fed; null: nothing yet. */
  let fedSec: number | null = null;
  let syncing: Promise<void> | null = null;
  let again = false;
  let closed = false;
  let alertsKey = "";
  const listeners = new Set<(p: Playback) => void>();
  const emit = () => {
    for (const l of listeners) l(p);
  };

  const feed = (rows: readonly SnapshotRow[]) => {
    for (const r of rows) hub.addFrame(r.frame);
  };

  const showAlerts = () => {
    const firing = firingAt(alerts, p.position);
    const key = firing.map((a) => a.fingerprint).join("\n");
    if (key === alertsKey) return;
    alertsKey = key;
    hub.setAlerts(firing.slice(-500).map(toActive));
  };

  async function syncOnce(): Promise<void> {
    const target = Math.floor(p.position / 1000);
    if (fedSec === target) return showAlerts();
    const jump = fedSec === null || target < fedSec || target - fedSec > backfillSec;
    if (jump) {
      // Start over at the new position with the charts' worth of history before it.
      const rows =
        stepSec >= 60
          ? await frames.between(target - backfillSec, target, maxFramesPerTick * 4)
          : await frames.at(target);
      if (closed) return;
      hub.reset();
      feed(rows);
    } else {
      const rows = await frames.between(fedSec!, target, maxFramesPerTick);
      if (closed) return;
      // Too many to feed one by one (1000x over per-second snapshots): show the newest state.
      feed(rows.length < maxFramesPerTick ? rows : await frames.at(target));
    }
    fedSec = target;
    showAlerts();
  }

  const sync = (): Promise<void> => {
    if (syncing) {
      again = true;
      return syncing;
    }
    syncing = (async () => {
      try {
        do {
          again = false;
          await syncOnce();
        } while (again && !closed);
      } catch (err) {
        logger.warn("replay frames could not be read", { error: describeError(err) });
      } finally {
        syncing = null;
      }
    })();
    return syncing;
  };

  const timer = setInterval(() => {
    const now = clock();
    const wall = now - lastTick;
    lastTick = now;
    if (!p.playing) return;
    p = advance(p, wall);
    emit();
    void sync();
  }, tickMs);
  timer.unref();
  void sync();

  return {
    hub,
    playback: () => p,
    control(c) {
      lastTick = clock();
      p = control(p, c);
      emit();
      void sync();
      return p;
    },
    onPlayback(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    async settled() {
      while (syncing) await syncing;
      if (fedSec !== Math.floor(p.position / 1000)) await sync();
    },
    close() {
      closed = true;
      clearInterval(timer);
      listeners.clear();
    },
  };
}
