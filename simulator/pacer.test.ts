import { describe, expect, it } from "vitest";
import { createPacer } from "./pacer";

function fakeTime() {
  let now = 1000;
  const slept: number[] = [];
  return {
    clock: () => now,
    sleep: async (ms: number) => {
      slept.push(ms);
      now += ms;
    },
    advance: (ms: number) => {
      now += ms;
    },
    slept,
  };
}

describe("createPacer", () => {
  it("spaces simulated seconds by 1/speed real seconds", async () => {
    const t = fakeTime();
    const pacer = createPacer({ speed: 60, clock: t.clock, sleep: t.sleep });
    await pacer.wait(0, 0);
    await pacer.wait(60, 0);
    await pacer.wait(120, 0);
    expect(t.slept).toEqual([1000, 1000]);
  });

  it("does not wait when behind schedule or at max speed", async () => {
    const t = fakeTime();
    const pacer = createPacer({ speed: 2, clock: t.clock, sleep: t.sleep });
    await pacer.wait(0, 0);
    t.advance(5000);
    await pacer.wait(4, 0);
    const fast = createPacer({ speed: "max", clock: t.clock, sleep: t.sleep });
    await fast.wait(0, 0);
    await fast.wait(1_000_000, 0);
    expect(t.slept).toEqual([]);
  });

  it("holds events to the rate limit", async () => {
    const t = fakeTime();
    const pacer = createPacer({ speed: "max", rateLimit: 1000, clock: t.clock, sleep: t.sleep });
    await pacer.wait(0, 0);
    await pacer.wait(1, 500);
    await pacer.wait(2, 2000);
    expect(t.slept).toEqual([500, 1500]);
  });
});
