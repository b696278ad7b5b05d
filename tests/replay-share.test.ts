/**
 * The replay's static partition shares: `count` processes, each alone in its Kafka group with
 * share `index`, cover every partition exactly once and evenly per topic; and the aggregate
 * store's coarse step rejects widths that would split minutes.
 */
import { AssignerProtocol, type Cluster } from "kafkajs";
import { describe, expect, it } from "vitest";
import { createAggregateStore } from "../adapters/db/aggregate-store";
import { staticShareAssigner } from "../adapters/kafka/static-share-assigner";
import { silentLogger } from "../adapters/log";

const partitionsOf: Record<string, number> = { "t.orders": 6, "t.api": 6, "t.downloads": 5 };
const cluster = {
  findTopicPartitionMetadata: (topic: string) =>
    Array.from({ length: partitionsOf[topic] ?? 0 }, (_, partitionId) => ({ partitionId })),
} as unknown as Cluster;

async function shareOf(index: number, count: number): Promise<string[]> {
  const assigner = staticShareAssigner(
    index,
    count,
  )({ cluster, groupId: "g", logger: silentLogger as never });
  const [a, ...rest] = await assigner.assign({
    members: [{ memberId: `m-${index}`, memberMetadata: Buffer.alloc(0) }],
    topics: Object.keys(partitionsOf),
  });
  expect(rest).toEqual([]);
  expect(a?.memberId).toBe(`m-${index}`);
  const decoded = AssignerProtocol.MemberAssignment.decode(a!.memberAssignment);
  return Object.entries(decoded?.assignment ?? {}).flatMap(([t, ps]) => ps.map((p) => `${t}/${p}`));
}

describe("static partition shares", () => {
  for (const count of [1, 2, 3, 4]) {
    it(`${count} share(s) cover every partition exactly once`, async () => {
      const shares = await Promise.all(Array.from({ length: count }, (_, i) => shareOf(i, count)));
      const all = shares.flat().sort();
      const expected = Object.entries(partitionsOf)
        .flatMap(([t, n]) => Array.from({ length: n }, (_, p) => `${t}/${p}`))
        .sort();
      expect(all).toEqual(expected);
      // Even: no share holds more than one partition above another.
      const sizes = shares.map((s) => s.length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    });
  }

  it("splits each 6-partition topic evenly between 2 processes", async () => {
    const [a, b] = [await shareOf(0, 2), await shareOf(1, 2)];
    for (const topic of ["t.orders", "t.api"]) {
      expect(a.filter((k) => k.startsWith(`${topic}/`))).toHaveLength(3);
      expect(b.filter((k) => k.startsWith(`${topic}/`))).toHaveLength(3);
    }
  });

  it("rejects a share that is not one", () => {
    expect(() => staticShareAssigner(2, 2)).toThrow(RangeError);
    expect(() => staticShareAssigner(0, 0)).toThrow(RangeError);
  });

  it("rejects a store step that would split minutes", () => {
    expect(() => createAggregateStore({ databaseUrl: "postgresql://x@127.0.0.1/x", stepSeconds: 7 })).toThrow(
      RangeError,
    );
    expect(() => createAggregateStore({ databaseUrl: "postgresql://x@127.0.0.1/x", stepSeconds: 0 })).toThrow(
      RangeError,
    );
  });
});
