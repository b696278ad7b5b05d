/**
 * The replays being watched on this web process: one session per replay, opened by the first
 * viewer, shared by every later one (a shared link shows the same playback), closed a while
 * after the last viewer left (replay-viewers.ts). Opening reads the replay, builds its timeline
 * and starts the clock (replay-loading.ts).
 */

import type { Logger } from "../../adapters/log";
import { describeError } from "../../core/errors";
import { ReplayNotReadyError, ReplaySessionsFullError } from "./replay-errors";
import {
  loadReplayTimeline,
  type OpenReplay,
  openReplaySession,
  type ReplayData,
  type ReplayTimelineResult,
} from "./replay-loading";
import { createReplayViewers } from "./replay-viewers";
import { createTimelineCache } from "./timeline-cache";

export { ReplayNotReadyError, ReplaySessionsFullError } from "./replay-errors";
export type { OpenReplay, ReplayData, ReplayTimelineResult } from "./replay-loading";

export interface ReplaySessions {
  /** The replay's timeline without opening a playback (the printable report). */
  timeline(id: string): Promise<ReplayTimelineResult>;
  /** Opens (or joins) the replay's session and counts a viewer. */
  open(id: string): Promise<OpenReplay>;
  /** The open session, if any (no viewer counted). */
  get(id: string): OpenReplay | null;
  /** A viewer left; the session closes `idleCloseMs` after the last one. */
  release(id: string): void;
  viewers(id: string): number;
  /** Called when a session opens (the socket layer wires its hub) and closes. */
  onOpen(listener: (id: string, open: OpenReplay) => void): () => void;
  onClose(listener: (id: string) => void): () => void;
  close(): void;
}

export function createReplaySessions({
  data,
  logger,
  idleCloseMs = 5 * 60_000,
  tickMs,
  clock = Date.now,
  maxOpen = 20,
  timelineCacheMs = 5 * 60_000,
}: {
  data: ReplayData;
  logger: Logger;
  /** Default 5 minutes. */
  idleCloseMs?: number;
  /** Playbacks open at once in this process (default 20); one nobody watches is closed to make room. */
  maxOpen?: number;
  /** How long a timeline read without a playback is reused (default 5 min; a finished replay does not change). */
  timelineCacheMs?: number;
  tickMs?: number;
  clock?: () => number;
}): ReplaySessions {
  const opening = new Map<string, Promise<OpenReplay>>();
  const open = new Map<string, OpenReplay>();
  const openListeners = new Set<(id: string, o: OpenReplay) => void>();
  const closeListeners = new Set<(id: string) => void>();
  const timelines = createTimelineCache<ReplayTimelineResult>({ ttlMs: timelineCacheMs, clock });

  const closeNow = (id: string) => {
    const o = open.get(id);
    if (!o) return;
    o.session.close();
    open.delete(id);
    viewers.forget(id);
    for (const l of closeListeners) l(id);
  };
  const viewers = createReplayViewers({ idleCloseMs, onIdle: closeNow });

  /** Room for one more playback: closes one nobody watches, or refuses when all are watched. */
  const makeRoom = () => {
    const idle = [...open.keys()].find((k) => viewers.count(k) === 0);
    if (idle === undefined)
      throw new ReplaySessionsFullError(`${maxOpen} replays are being played here; try again later`);
    closeNow(idle);
  };

  /** The session being opened or open; the first caller starts it. */
  const sessionOf = (id: string): Promise<OpenReplay> => {
    const have = open.get(id);
    if (have) return Promise.resolve(have);
    let p = opening.get(id);
    if (!p) {
      p = loadReplayTimeline(data, id).then((loaded) => {
        const o = openReplaySession(data, loaded, { logger, tickMs, clock });
        open.set(id, o);
        for (const l of openListeners) l(id, o);
        return o;
      });
      opening.set(id, p);
      p.finally(() => opening.delete(id)).catch(() => {});
    }
    return p;
  };

  return {
    async timeline(id) {
      const o = open.get(id);
      if (o)
        return {
          replay: o.replay,
          timeline: o.timeline,
          from: o.session.playback().from,
          to: o.session.playback().to,
        };
      return timelines.get(id, () =>
        loadReplayTimeline(data, id).then(({ replay, timeline, from, to }) => ({
          replay,
          timeline,
          from,
          to,
        })),
      );
    },
    async open(id) {
      if (!open.has(id) && !opening.has(id) && open.size + opening.size >= maxOpen) makeRoom();
      viewers.add(id);
      try {
        return await sessionOf(id);
      } catch (err) {
        viewers.uncount(id);
        if (!(err instanceof ReplayNotReadyError))
          logger.warn("replay could not be opened", { id, error: describeError(err) });
        throw err;
      }
    },
    get: (id) => open.get(id) ?? null,
    release: (id) => viewers.release(id),
    viewers: (id) => viewers.count(id),
    onOpen(l) {
      openListeners.add(l);
      return () => openListeners.delete(l);
    },
    onClose(l) {
      closeListeners.add(l);
      return () => closeListeners.delete(l);
    },
    close() {
      viewers.close();
      for (const id of [...open.keys()]) closeNow(id);
    },
  };
}
