import { describe, expect, it } from "vitest";
import { type FrameSighting, foreignFrame } from "./shared-view";

const frame = (source: string, emittedAt: number, topics: string[] | null): FrameSighting => ({
  source,
  emittedAt,
  ...(topics ? { pipeline: { partitions: topics.map((topic) => ({ topic })) } } : {}),
});
const own = new Set(["acme.orders"]);
const at = (now: number) => ({ ownTopics: own, now, withinMs: 30_000 });

describe("a frames topic shared with another group's workers", () => {
  it("finds the newest recent frame of a worker reading a topic outside the group", () => {
    const frames = [
      frame("w-orders", 100_000, ["acme.orders"]),
      frame("w-api", 95_000, ["acme.api", "acme.downloads"]),
      frame("w-api", 99_000, ["acme.api"]),
    ];
    expect(foreignFrame(frames, at(100_000))).toEqual({
      source: "w-api",
      topic: "acme.api",
      emittedAt: 99_000,
    });
  });

  it("passes the group's own workers, frames without pipeline health, and workers gone for longer than the window", () => {
    expect(
      foreignFrame(
        [
          frame("w-orders-2", 100_000, ["acme.orders"]),
          frame("replay", 100_000, null),
          frame("old", 69_999, ["lw.api"]),
        ],
        at(100_000),
      ),
    ).toBeNull();
    expect(foreignFrame([frame("old", 70_000, ["lw.api"])], at(100_000))?.source).toBe("old");
  });
});
