import { describe, expect, it } from "vitest";
import { type Counters, zeroCounters } from "./series";
import { type TallyInput, tally } from "./tally";

const counters = (c: Partial<Counters>): Counters => ({ ...zeroCounters(), ...c });
const input = (over: Partial<TallyInput> = {}): TallyInput => ({
  read: { orders: 100, downloads: 10, api: 50 },
  counted: { orders: 90, downloads: 10, api: 48 },
  counters: {
    orders: counters({ lateDropped: 3, duplicates: 4, invalid: 1, ahead: 1, unreadable: 1 }),
    downloads: counters({}),
    api: counters({ duplicates: 2 }),
  },
  inTopic: { orders: 100, downloads: 10, api: 50 },
  ...over,
});

describe("tally", () => {
  it("balances when counted + late + duplicates + dead-lettered = read = in the topic = sent", () => {
    const t = tally(input({ sent: { orders: 100, downloads: 10, api: 50 } }));
    expect(t.problems).toEqual([]);
    expect(t.balanced).toBe(true);
    expect(t.rows[0]).toMatchObject({ kind: "orders", deadLettered: 3, unaccounted: 0, sent: 100 });
  });

  it("names a kind whose books do not balance, workers behind, and a send that did not arrive", () => {
    const t = tally(
      input({
        counted: { orders: 91, downloads: 10, api: 48 },
        read: { orders: 100, downloads: 8, api: 50 },
        counters: {
          orders: counters({ lateDropped: 3, duplicates: 4, invalid: 3 }),
          downloads: counters({}),
          api: counters({ duplicates: 2 }),
        },
        sent: { orders: 100, downloads: 10, api: 51 },
      }),
    );
    expect(t.balanced).toBe(false);
    expect(t.problems).toEqual([
      "orders: -1 messages read but not accounted for",
      "downloads: -2 messages read but not accounted for",
      "downloads: the workers are 2 messages behind",
      "api: 51 sent but 50 arrived in the topic",
    ]);
  });

  it("compares what was sent with what the topics gained since the run began", () => {
    const sent = { orders: 60, downloads: 10, api: 50 };
    expect(tally(input({ sent, sentSince: { orders: 40, downloads: 0, api: 0 } })).balanced).toBe(true);
    expect(tally(input({ sent })).problems).toEqual(["orders: 60 sent but 100 arrived in the topic"]);
  });
});
