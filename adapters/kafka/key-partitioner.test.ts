import { Partitioners, type PartitionMetadata } from "kafkajs";
import { describe, expect, it } from "vitest";
import { createKeyPartitioner } from "./key-partitioner";

const plain = (topic: string, partitions: number, key: string) =>
  Partitioners.DefaultPartitioner()({
    topic,
    partitionMetadata: Array.from(
      { length: partitions },
      (_, partitionId): PartitionMetadata => ({
        partitionErrorCode: 0,
        partitionId,
        leader: 0,
        replicas: [0],
        isr: [0],
      }),
    ),
    message: { key, value: null },
  });

describe("createKeyPartitioner", () => {
  it("places every key where a plain kafkajs producer would, cached or not, per topic", () => {
    const six = createKeyPartitioner(6, { maxCached: 100 });
    const keys = Array.from({ length: 1000 }, (_, i) => (i % 2 ? String(i * 7919) : `POST /endpoint/${i}`));
    for (const round of [0, 1])
      for (const key of keys) {
        expect(six("lw.orders", key), `${key} round ${round}`).toBe(plain("lw.orders", 6, key));
        expect(six("lw.api", key)).toBe(plain("lw.api", 6, key));
      }
    const three = createKeyPartitioner(3);
    expect(keys.map((k) => three("t", k))).toEqual(keys.map((k) => plain("t", 3, k)));
    expect(new Set(keys.map((k) => six("t", k)))).toEqual(new Set([0, 1, 2, 3, 4, 5]));
  });
});
