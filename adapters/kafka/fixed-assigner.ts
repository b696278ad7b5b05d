/**
 * A partition assigner that hands a fixed list of partitions to the only member of a consumer
 * group. Replays use it: each process is a group of its own with the partitions the replay
 * dealt it, so processes starting one after another cause no rebalances (and no re-reading),
 * and the deal can follow the partitions' sizes rather than their count.
 */
import { AssignerProtocol, type PartitionAssigner } from "kafkajs";
import type { TopicPartition } from "./partition-consumer";

export function fixedAssigner(partitions: TopicPartition[]): PartitionAssigner {
  return ({ cluster }) => ({
    name: "LaunchwatchFixed",
    version: 0,
    async assign({ members, topics }) {
      const assignment: Record<string, number[]> = {};
      for (const topic of topics) {
        const exists = new Set(cluster.findTopicPartitionMetadata(topic).map((m) => m.partitionId));
        const mine = partitions
          .filter((p) => p.topic === topic && exists.has(p.partition))
          .map((p) => p.partition)
          .sort((a, b) => a - b);
        if (mine.length > 0) assignment[topic] = mine;
      }
      // Every member of the group gets the list (there is exactly one).
      return members.map(({ memberId }) => ({
        memberId,
        memberAssignment: AssignerProtocol.MemberAssignment.encode({
          version: 0,
          assignment,
          userData: Buffer.alloc(0),
        }),
      }));
    },
    protocol({ topics }) {
      return {
        name: "LaunchwatchFixed",
        metadata: AssignerProtocol.MemberMetadata.encode({ version: 0, topics, userData: Buffer.alloc(0) }),
      };
    },
  });
}
