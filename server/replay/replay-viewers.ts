/**
 * How many viewers each replay has on this process, and the close of a replay nobody watches:
 * `idleCloseMs` after its last viewer left, unless one came back meanwhile.
 */
export interface ReplayViewers {
  /** A viewer came: counted, and a pending close is called off. */
  add(id: string): void;
  /** A viewer that was counted but never got the replay (its open failed). */
  uncount(id: string): void;
  /** A viewer left; the last one schedules the close. */
  release(id: string): void;
  count(id: string): number;
  /** The replay closed: its count and pending close go. */
  forget(id: string): void;
  /** Calls off every pending close. */
  close(): void;
}

export function createReplayViewers({
  idleCloseMs,
  onIdle,
}: {
  idleCloseMs: number;
  /** Called when a replay's last viewer left `idleCloseMs` ago and none came back. */
  onIdle(id: string): void;
}): ReplayViewers {
  const viewers = new Map<string, number>();
  const closeTimers = new Map<string, NodeJS.Timeout>();
  const cancelClose = (id: string) => {
    clearTimeout(closeTimers.get(id));
    closeTimers.delete(id);
  };
  const count = (id: string) => viewers.get(id) ?? 0;
  return {
    add(id) {
      cancelClose(id);
      viewers.set(id, count(id) + 1);
    },
    uncount(id) {
      const n = (viewers.get(id) ?? 1) - 1;
      if (n > 0) viewers.set(id, n);
      else viewers.delete(id);
    },
    release(id) {
      const n = count(id) - 1;
      if (n > 0) {
        viewers.set(id, n);
        return;
      }
      viewers.set(id, 0);
      clearTimeout(closeTimers.get(id));
      const t = setTimeout(() => {
        closeTimers.delete(id);
        if (count(id) === 0) onIdle(id);
      }, idleCloseMs);
      t.unref();
      closeTimers.set(id, t);
    },
    count,
    forget(id) {
      cancelClose(id);
      viewers.delete(id);
    },
    close() {
      for (const t of closeTimers.values()) clearTimeout(t);
    },
  };
}
