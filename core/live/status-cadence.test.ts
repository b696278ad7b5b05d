import { describe, expect, it } from "vitest";
import type { ServerStatus } from "./socket-events";
import { statusPushDue } from "./status-cadence";

const status = (over: Partial<ServerStatus> = {}): ServerStatus =>
  ({
    feed: "live",
    kafka: "connected",
    lastFrameAt: 1,
    sources: 2,
    instance: "web-1",
    now: 1_001_000,
    pipeline: { state: "live", clock: "wall" },
    ...over,
  }) as ServerStatus;

describe("status push cadence", () => {
  it("pushes when what the page shows changed, whatever the second", () => {
    const first = statusPushDue("", status(), 5_000);
    expect(first.due).toBe(true);
    expect(statusPushDue(first.key, status({ now: 1_002_000 }), 5_000).due).toBe(false);
    expect(statusPushDue(first.key, status({ now: 1_002_000, feed: "stale" }), 5_000).due).toBe(true);
    expect(statusPushDue(first.key, status({ now: 1_002_000, sources: 3 }), 5_000).due).toBe(true);
  });

  it("pushes an unchanged status on every everyMs boundary of the server clock", () => {
    const { key } = statusPushDue("", status(), 5_000);
    expect(statusPushDue(key, status({ now: 1_005_000 }), 5_000).due).toBe(true);
    expect(statusPushDue(key, status({ now: 1_005_999 }), 5_000).due).toBe(true);
    expect(statusPushDue(key, status({ now: 1_006_000 }), 5_000).due).toBe(false);
    // Below a second it is still once a second, never more often.
    expect(statusPushDue(key, status({ now: 1_006_000 }), 200).due).toBe(true);
  });

  it("a change in fields the page does not key on (the instance, lastFrameAt) waits for the boundary", () => {
    const { key } = statusPushDue("", status(), 5_000);
    expect(statusPushDue(key, status({ now: 1_002_000, lastFrameAt: 99 }), 5_000).due).toBe(false);
  });
});
