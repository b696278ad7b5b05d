/** Issue 16: playbacks per process are capped, and timelines are not rebuilt on every call. */
import { afterEach, describe, expect, it } from "vitest";
import type { ReplayRow } from "../../adapters/db/replay-store";
import { silentLogger } from "../../adapters/log";
import { buildCapacityTable } from "../../core/capacity/capacity-table";
import { createReplaySessions, type ReplayData, type ReplaySessions } from "./replay-sessions";

/** In-memory replay data: every id is a finished replay of one hour; counts the timeline builds. */
function data() {
  const counts = { reads: 0 };
  const row = (id: string): ReplayRow => ({
    id,
    name: id,
    from: 0,
    to: 3_600_000,
    overrides: [],
    ruleOverrides: [],
    baselineId: null,
    source: "snapshots",
    framesGroup: "live",
    status: "done",
    summary: null,
    progress: null,
    error: null,
    createdAt: 0,
  });
  const d: ReplayData = {
    get: async (id) => row(id),
    read: async () => {
      counts.reads++;
      return [];
    },
    framesBetween: async () => [],
    framesAt: async () => [],
    alertChanges: async () => [],
    extent: async () => ({ from: 0, to: 3600 }),
    capacityTable: async () => buildCapacityTable([], []),
    createdPerMinute: async () => ({ before: 0, minutes: [] }),
  };
  return { d, counts };
}

let sessions: ReplaySessions | null = null;
afterEach(() => sessions?.close());

describe("replay sessions (issue 16)", () => {
  it("replay:join sessions per process are capped: a process opens at most maxOpen playbacks, closing an unwatched one to make room", async () => {
    const { d } = data();
    sessions = createReplaySessions({ data: d, logger: silentLogger, maxOpen: 2, tickMs: 60_000 });
    await sessions.open("aaaa1");
    await sessions.open("aaaa2");
    await expect(sessions.open("aaaa3")).rejects.toThrow(/2 replays are being played/);
    // Joining one already open is fine.
    await sessions.open("aaaa1");
    // Once nobody watches aaaa2, it makes room at once (not only after the idle close).
    sessions.release("aaaa2");
    await sessions.open("aaaa3");
    expect(sessions.get("aaaa2")).toBeNull();
    expect(sessions.get("aaaa3")).not.toBeNull();
  });

  it("the timeline endpoint does not rebuild on every call: timelines are cached", async () => {
    const { d, counts } = data();
    let now = 1_000_000;
    sessions = createReplaySessions({
      data: d,
      logger: silentLogger,
      clock: () => now,
      timelineCacheMs: 60_000,
    });
    const first = await Promise.all([sessions.timeline("bbbb1"), sessions.timeline("bbbb1")]);
    await sessions.timeline("bbbb1");
    expect(counts.reads).toBe(1);
    expect(first[1]).toBe(first[0]);
    now += 60_001;
    await sessions.timeline("bbbb1");
    expect(counts.reads).toBe(2);
  });
});
