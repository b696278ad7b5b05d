import { describe, expect, it } from "vitest";
import { createCoalescingSender } from "./coalescing-sender";

function harness() {
  const sent: string[] = [];
  const pending: Array<() => void> = [];
  let coalesced = 0;
  const sender = createCoalescingSender(
    (room, done) => {
      sent.push(room);
      pending.push(done);
    },
    { coalesced: () => coalesced++ },
  );
  return { sender, sent, pending, coalesced: () => coalesced };
}

describe("coalescing sender", () => {
  it("sends at once when idle", () => {
    const h = harness();
    h.sender.offer("overview");
    expect(h.sent).toEqual(["overview"]);
  });

  it("keeps one update in flight and sends only the latest state after the ack", () => {
    const h = harness();
    h.sender.offer("overview");
    for (let i = 0; i < 50; i++) h.sender.offer("overview");
    expect(h.sent).toEqual(["overview"]);
    // 49 changes folded into the one pending resend.
    expect(h.coalesced()).toBe(49);
    h.pending.shift()!();
    expect(h.sent).toEqual(["overview", "overview"]);
    h.pending.shift()!();
    // Nothing changed since the second send: nothing more goes out.
    expect(h.sent).toHaveLength(2);
  });

  it("tracks rooms independently", () => {
    const h = harness();
    h.sender.offer("overview");
    h.sender.offer("shop:1");
    h.sender.offer("overview");
    expect(h.sent).toEqual(["overview", "shop:1"]);
    expect(h.sender.inFlight()).toBe(2);
  });

  it("ignores a double completion and completions after a drop", () => {
    const h = harness();
    h.sender.offer("shop:1");
    const done = h.pending.shift()!;
    h.sender.drop("shop:1");
    h.sender.offer("shop:1");
    expect(h.sent).toEqual(["shop:1", "shop:1"]);
    h.sender.offer("shop:1"); // dirty behind the new in-flight update
    done();
    done();
    // The stale completion did not release the new in-flight update.
    expect(h.sent).toHaveLength(2);
    h.pending.shift()!();
    expect(h.sent).toHaveLength(3);
  });

  it("sends nothing after close", () => {
    const h = harness();
    h.sender.close();
    h.sender.offer("overview");
    expect(h.sent).toEqual([]);
  });
});
