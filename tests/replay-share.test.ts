/**
 * The replay's fixed partition assignment: the only member of a process's group gets exactly
 * the partitions the replay dealt it (of the subscribed topics, that exist); and the aggregate
 * store's coarse step rejects widths that would split minutes.
 */
import { AssignerProtocol, type Cluster } from "kafkajs";
import { describe, expect, it } from "vitest";
import { createAggregateStore } from "../adapters/db/aggregate-store";
import { fixedAssigner } from "../adapters/kafka/fixed-assigner";
import type { TopicPartition } from "../adapters/kafka/partition-consumer";
import { silentLogger } from "../adapters/log";

const partitionsOf: Record<string, number> = { "t.orders": 6, "t.api": 6, "t.downloads": 5 };
const cluster = {
  findTopicPartitionMetadata: (topic: string) =>
    Array.from({ length: partitionsOf[topic] ?? 0 }, (_, partitionId) => ({ partitionId })),
} as unknown as Cluster;

async function assigned(list: TopicPartition[], topics = Object.keys(partitionsOf)): Promise<string[]> {
  const assigner = fixedAssigner(list)({ cluster, groupId: "g", logger: silentLogger as never });
  const [a, ...rest] = await assigner.assign({
    members: [{ memberId: "m-1", memberMetadata: Buffer.alloc(0) }],
    topics,
  });
  expect(rest).toEqual([]);
  expect(a?.memberId).toBe("m-1");
  const decoded = AssignerProtocol.MemberAssignment.decode(a!.memberAssignment);
  return Object.entries(decoded?.assignment ?? {})
    .flatMap(([t, ps]) => ps.map((p) => `${t}/${p}`))
    .sort();
}

describe("fixed partition assignment", () => {
  it("assigns exactly the listed partitions", async () => {
    const list = [
      { topic: "t.api", partition: 4 },
      { topic: "t.orders", partition: 0 },
      { topic: "t.api", partition: 1 },
      { topic: "t.downloads", partition: 3 },
    ];
    expect(await assigned(list)).toEqual(["t.api/1", "t.api/4", "t.downloads/3", "t.orders/0"]);
  });

  it("leaves out partitions that do not exist or topics not subscribed", async () => {
    const list = [
      { topic: "t.downloads", partition: 5 }, // the topic has partitions 0..4
      { topic: "t.orders", partition: 2 },
      { topic: "t.api", partition: 0 },
    ];
    expect(await assigned(list, ["t.orders", "t.downloads"])).toEqual(["t.orders/2"]);
  });

  it("rejects a store step that would split minutes", () => {
    const databaseUrl = "postgresql://x@127.0.0.1/x";
    expect(() => createAggregateStore({ databaseUrl, stepSeconds: 7 })).toThrow(RangeError);
    expect(() => createAggregateStore({ databaseUrl, stepSeconds: 0 })).toThrow(RangeError);
  });
});
