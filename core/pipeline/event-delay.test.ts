import { describe, expect, it } from "vitest";
import { eventDelaySeconds, producerDelaySeconds } from "./event-delay";

const now = 1_000_000_000;

describe("event-time delay against the producers", () => {
  it("is the wall seconds the newest event time is behind", () => {
    expect(eventDelaySeconds(now, now - 2500)).toBe(2.5);
    expect(eventDelaySeconds(now, now + 5000)).toBe(0);
    expect(eventDelaySeconds(now, null)).toBeNull();
  });

  it("is the producers' delay on a caught-up partition being written to", () => {
    // The worker is caught up, the events are 45 s old when written.
    expect(producerDelaySeconds({ eventDelay: 45, lagMessages: 0, logEndMovedAt: now - 500, now })).toBe(45);
    expect(producerDelaySeconds({ eventDelay: 0.4, lagMessages: 0, logEndMovedAt: now, now })).toBe(0.4);
  });

  it("is unknown while the worker is behind, on a quiet partition, or with an unknown lag", () => {
    // Behind: the delay is mostly the worker's own; not blamed on the producers.
    expect(
      producerDelaySeconds({ eventDelay: 192, lagMessages: 19_200, logEndMovedAt: now, now }),
    ).toBeNull();
    expect(
      producerDelaySeconds({ eventDelay: 600, lagMessages: 0, logEndMovedAt: now - 10_001, now }),
    ).toBeNull();
    expect(producerDelaySeconds({ eventDelay: 600, lagMessages: 0, logEndMovedAt: null, now })).toBeNull();
    expect(producerDelaySeconds({ eventDelay: 5, lagMessages: null, logEndMovedAt: now, now })).toBeNull();
  });
});
