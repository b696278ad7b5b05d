/**
 * Produces the simulator's messages to Kafka. Partitions are chosen here with kafkajs's default
 * (murmur2) partitioner on the contract's key, exactly as a plain producer would; each partition
 * belongs to one producer lane (see lane-assignment.ts), so per-key order holds with any number
 * of lanes. Messages are batched per lane, several requests in flight per lane.
 *
 * With kafkajs, requests are also cut when one partition has `maxPerPartition` messages in them:
 * kafkajs groups a request's messages by partition in quadratic time, which dominates with one
 * hot key. The fast producer groups in linear time and takes larger requests.
 */
import { createKeyPartitioner } from "../adapters/kafka/key-partitioner";
import type { KafkaSecurity } from "../adapters/kafka/security";
import { type TopicRole, topicRoles, type WireMessage } from "../core/simulation/wire";
import { createLaneAssignment } from "./lane-assignment";
import type { Acks, KafkaClientKind } from "./lane-sender";
import { BatchPacker, countRoles } from "./pack";
import { createInProcessLane, createThreadLane, type ProducerLane } from "./producer-lane";
import type { Sink } from "./sink";

export interface KafkaSinkOptions {
  brokers: string[];
  /** TLS and SASL, default PLAINTEXT. */
  security?: KafkaSecurity;
  topics: Record<TopicRole, string>;
  /** Partition count of each topic, as the broker reports it. */
  partitions: Record<TopicRole, number>;
  /** Which client sends: `fast` (default, adapters/kafka/fast-producer) or `kafkajs`. */
  client?: KafkaClientKind;
  /** Producer threads; 0 produces from this thread (default 2: request encoding is CPU-bound). */
  threads?: number;
  /** Messages per produce request (default 4000). */
  batchSize?: number;
  /** Messages of one partition per request (default 400 with kafkajs, 4000 with the fast producer). */
  maxPerPartition?: number;
  /** Requests in flight per lane (default 3). */
  maxInFlight?: number;
  /** Default 1 (leader): on a single local broker -1 adds latency and nothing else. */
  acks?: Acks;
}

const roleIndex: Record<TopicRole, number> = { orders: 0, downloads: 1, api: 2 };

/** Connects the producers and returns the sink. */
export async function createKafkaSink({
  brokers,
  security,
  topics,
  partitions,
  client = "fast",
  threads = 2,
  batchSize = 4000,
  maxPerPartition = client === "kafkajs" ? 400 : 4000,
  maxInFlight = 3,
  acks = 1,
}: KafkaSinkOptions): Promise<Sink> {
  const laneOptions = { brokers, security, topics, acks, client };
  const lanes: ProducerLane[] =
    threads === 0
      ? [await createInProcessLane(laneOptions)]
      : await Promise.all(Array.from({ length: threads }, () => createThreadLane(laneOptions)));
  const assignment = createLaneAssignment(lanes.length);
  // Partitions as a plain kafkajs producer would choose them, one partitioner per topic size.
  const partitioners = topicRoles.map((role) => createKeyPartitioner(partitions[role]));
  const partitionOf = (role: number, topic: string, key: string): number => partitioners[role]!(topic, key);
  const slotOf = (role: number, partition: number) => role * 65_536 + partition;

  const packers = lanes.map(() => new BatchPacker());
  const inFlight = lanes.map(() => new Set<Promise<void>>());
  const delivered: Record<TopicRole, number> = { orders: 0, downloads: 0, api: 0 };
  let failure: unknown = null;
  let warmup: WireMessage[] | null = [];

  const submit = async (lane: number) => {
    const batch = packers[lane]!.take();
    const counts = countRoles(batch);
    const flight = inFlight[lane]!;
    const p: Promise<void> = lanes[lane]!.submit(batch)
      .then(() => {
        for (const r of topicRoles) delivered[r] += counts[r];
      })
      .catch((err: unknown) => {
        failure ??= err;
      })
      .finally(() => flight.delete(p));
    flight.add(p);
    while (flight.size >= maxInFlight) await Promise.race(flight);
    if (failure) throw failure;
  };

  const route = async (messages: readonly WireMessage[]) => {
    for (const m of messages) {
      const role = roleIndex[m.topic];
      const topic = topics[m.topic];
      const partition = partitionOf(role, topic, m.key);
      const lane = assignment.laneOf(slotOf(role, partition));
      assignment.addLoad(lane, 1);
      const packer = packers[lane]!;
      packer.add(role, partition, slotOf(role, partition), m.key, m.value);
      if (packer.size >= batchSize || packer.largestPartition >= maxPerPartition) await submit(lane);
    }
  };

  // The first messages decide which lane owns which partition.
  const endWarmup = async () => {
    if (!warmup) return;
    const counts = new Map<number, number>();
    for (const m of warmup) {
      const role = roleIndex[m.topic];
      const slot = slotOf(role, partitionOf(role, topics[m.topic], m.key));
      counts.set(slot, (counts.get(slot) ?? 0) + 1);
    }
    assignment.plan(counts);
    const buffered = warmup;
    warmup = null;
    await route(buffered);
  };

  let closed: Promise<void> | null = null;
  return {
    name: `kafka ${brokers.join(",")} (${client})`,
    async write(messages) {
      if (failure) throw failure;
      if (warmup) {
        for (const m of messages) warmup.push(m);
        if (warmup.length >= 2 * batchSize) await endWarmup();
        return;
      }
      await route(messages);
    },
    close() {
      closed ??= (async () => {
        try {
          await endWarmup();
          for (let lane = 0; lane < lanes.length; lane++) if (packers[lane]!.size > 0) await submit(lane);
          await Promise.all(inFlight.flatMap((s) => [...s]));
          if (failure) throw failure;
        } finally {
          await Promise.all(lanes.map((l) => l.close().catch(() => {})));
        }
      })();
      return closed;
    },
    delivered: () => ({ ...delivered }),
  };
}
