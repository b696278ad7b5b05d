import { describe, expect, it } from "vitest";
import { eventDelaySeconds, producerDelaySeconds } from "./event-delay";

const now = 1_000_000_000;

describe("event-time delay against the producers", () => {
  it("is the wall seconds the newest event time is behind", () => {
    expect(eventDelaySeconds(now, now - 2500)).toBe(2.5);
    expect(eventDelaySeconds(now, now + 5000)).toBe(0);
    expect(eventDelaySeconds(now, null)).toBeNull();
  });

  it("tells a worker behind from producers late", () => {
    // The worker is behind: the whole delay is its lag.
    expect(
      producerDelaySeconds({
        eventDelay: 192,
        lagSeconds: 192,
        lagMessages: 19_200,
        logEndMovedAt: now,
        now,
      }),
    ).toBe(0);
    // The producers are late: the worker is caught up, the events are 45 s old when written.
    expect(
      producerDelaySeconds({ eventDelay: 45, lagSeconds: 0, lagMessages: 0, logEndMovedAt: now - 500, now }),
    ).toBe(45);
    // Both: 30 s behind, and the events were written 15 s after they happened.
    expect(
      producerDelaySeconds({ eventDelay: 45, lagSeconds: 30, lagMessages: 3000, logEndMovedAt: now, now }),
    ).toBe(15);
  });

  it("says nothing for a quiet partition or an unknown lag", () => {
    // Records waiting (a stalled worker read its log ends long ago): not quiet.
    expect(
      producerDelaySeconds({
        eventDelay: 20,
        lagSeconds: 19,
        lagMessages: 900,
        logEndMovedAt: now - 30_000,
        now,
      }),
    ).toBe(1);
    expect(
      producerDelaySeconds({
        eventDelay: 600,
        lagSeconds: 0,
        lagMessages: 0,
        logEndMovedAt: now - 10_001,
        now,
      }),
    ).toBeNull();
    expect(
      producerDelaySeconds({ eventDelay: 600, lagSeconds: 0, lagMessages: 0, logEndMovedAt: null, now }),
    ).toBeNull();
    expect(
      producerDelaySeconds({ eventDelay: 5, lagSeconds: null, lagMessages: null, logEndMovedAt: now, now }),
    ).toBeNull();
  });
});
