import type { Producer, ProducerRecord } from "kafkajs";
import { describe, expect, it } from "vitest";
import { messageBytes, sendChunked } from "./send-chunked";

function recorder() {
  const sends: ProducerRecord[] = [];
  const producer = { send: async (r: ProducerRecord) => void sends.push(r) } as unknown as Producer;
  return { producer, sends };
}

describe("sendChunked", () => {
  it("splits a burst into sends under the limit, in order, losing nothing", async () => {
    const { producer, sends } = recorder();
    const messages = Array.from({ length: 3000 }, (_, i) => ({ key: `k${i}`, value: "x".repeat(500) }));
    await sendChunked(producer, { topic: "t", acks: -1, messages }, 100_000);
    expect(sends.length).toBeGreaterThan(10);
    for (const s of sends) {
      expect(s.topic).toBe("t");
      expect(s.acks).toBe(-1);
      expect(s.messages.reduce((n, m) => n + messageBytes(m), 0)).toBeLessThanOrEqual(100_000);
    }
    expect(sends.flatMap((s) => s.messages.map((m) => m.key))).toEqual(messages.map((m) => m.key));
  });

  it("sends a message larger than the limit on its own, and nothing for no messages", async () => {
    const { producer, sends } = recorder();
    await sendChunked(producer, { topic: "t", messages: [] });
    expect(sends).toHaveLength(0);
    await sendChunked(
      producer,
      { topic: "t", messages: [{ value: "a" }, { value: "b".repeat(200) }, { value: "c" }] },
      100,
    );
    expect(sends.map((s) => s.messages.length)).toEqual([1, 1, 1]);
  });
});
