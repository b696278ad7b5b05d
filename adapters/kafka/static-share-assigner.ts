/**
 * A partition assigner for a process that is the only member of its consumer group and must
 * take a fixed share of the partitions: share `index` of `count`, dealt round-robin over the
 * topics' partitions in a stable order (so `count` processes, each in a group of its own, cover
 * every partition exactly once). Replays use it: their processes start together, and in one
 * shared group each arrival would trigger a rebalance that re-reads the moved partitions.
 */
import { AssignerProtocol, type PartitionAssigner } from "kafkajs";

export function staticShareAssigner(index: number, count: number): PartitionAssigner {
  if (!Number.isInteger(count) || count < 1 || !Number.isInteger(index) || index < 0 || index >= count)
    throw new RangeError(`share ${index} of ${count} is not a share`);
  return ({ cluster }) => ({
    name: "LaunchwatchStaticShare",
    version: 0,
    async assign({ members, topics }) {
      const assignment: Record<string, number[]> = {};
      let i = 0;
      for (const topic of [...topics].sort()) {
        const ids = cluster
          .findTopicPartitionMetadata(topic)
          .map((m) => m.partitionId)
          .sort((a, b) => a - b);
        for (const partition of ids) {
          if (i++ % count === index) (assignment[topic] ??= []).push(partition);
        }
      }
      // Every member of the group gets the share (there is normally exactly one).
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
        name: "LaunchwatchStaticShare",
        metadata: AssignerProtocol.MemberMetadata.encode({ version: 0, topics, userData: Buffer.alloc(0) }),
      };
    },
  });
}
