/**
 * Producer throughput against the local broker, side by side in one run, for both clients the
 * simulator can use: kafkajs and the lean producer (adapters/kafka/fast-producer, "fast"):
 *  - raw: one producer sending pre-encoded messages (the launch's own mix, keys per the
 *    contract, murmur2 default partitioner), 3,000 per request, 4 requests in flight;
 *  - pipeline: the simulator's full path (generate + encode + produce) through its Kafka sink
 *    with two producer threads, as `npm run simulate` runs it;
 *  - pipeline-1: the same with the producer in the main thread (what the threads add);
 *  - generate: generate + encode only, no Kafka (the ceiling the producers work under).
 * Every phase starts at the launch (the busiest minutes, full scale) on fresh 6-partition topics.
 * Prints `BENCH {json}` last. `KAFKA_BROKERS` overrides the local broker.
 */
import type { Message } from "kafkajs";
import { createKafka, waitForKafka } from "../adapters/kafka/client";
import { createFastProducer } from "../adapters/kafka/fast-producer/producer";
import { createKeyPartitioner } from "../adapters/kafka/key-partitioner";
import { ensureTopics, type TopicNames, topicNames } from "../adapters/kafka/topics";
import { kafkajsMetadata } from "../adapters/kafka/wire/metadata";
import { baseEnvShape, readConfig } from "../config/env";
import { generateReferenceData } from "../core/reference";
import { createLaunch } from "../core/simulation/launch";
import { type TopicRole, topicRoles, type WireMessage } from "../core/simulation/wire";
import type { KafkaClientKind } from "../simulator/lane-sender";
import { BatchPacker } from "../simulator/pack";
import { packedToColumns } from "../simulator/sender-fast";
import { createKafkaSink } from "../simulator/sink-kafka";
import { machineInfo } from "./support/machine";

const RAW_EVENTS = 500_000;
const PIPELINE_EVENTS = 800_000;
const PARTITIONS = 6;

const env = readConfig(baseEnvShape);
const brokers = env.KAFKA_BROKERS ?? [`127.0.0.1:${env.LW_KAFKA_PORT}`];
const reference = generateReferenceData();
const kafka = createKafka({ brokers, clientId: "launchwatch-bench" });
const admin = kafka.admin();
const created: string[] = [];

const log = (line: string) => console.log(`[producer.bench] ${line}`);

/** Events per wall second, and per CPU second of this process (all threads): the second is steadier on a shared machine. */
interface Rate {
  perSec: number;
  perCpuSec: number;
  cores: number;
}

function measure(): (events: number) => Rate {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  return (events) => {
    const wall = (performance.now() - t0) / 1000;
    const u = process.cpuUsage(cpu0);
    const cpu = (u.user + u.system) / 1e6;
    return {
      perSec: Math.round(events / wall),
      perCpuSec: Math.round(events / cpu),
      cores: Math.round((cpu / wall) * 100) / 100,
    };
  };
}

const show = (r: Rate) => `${r.perSec} events/s (${r.perCpuSec} per CPU-second, ${r.cores} cores busy)`;
const roles = (n: TopicNames): Record<TopicRole, string> => ({
  orders: n.orders,
  downloads: n.downloads,
  api: n.api,
});

async function freshTopics(phase: string): Promise<Record<TopicRole, string>> {
  const names = topicNames(`lwbench.producer.${Date.now().toString(36)}.${phase}.`);
  created.push(...(await ensureTopics(admin, names, PARTITIONS)));
  return roles(names);
}

/** The launch's first `n` messages. */
function launchMessages(n: number): WireMessage[] {
  const sim = createLaunch({ seed: "bench", reference });
  const out: WireMessage[] = [];
  for (let b = sim.next(); b && out.length < n; b = sim.next()) for (const m of b.messages) out.push(m);
  return out.slice(0, n);
}

async function raw(): Promise<Rate> {
  const topics = await freshTopics("raw");
  const messages = launchMessages(RAW_EVENTS);
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const inFlight = new Set<Promise<unknown>>();
  const done = measure();
  for (let i = 0; i < messages.length; i += 3000) {
    const byTopic: Record<TopicRole, Message[]> = { orders: [], downloads: [], api: [] };
    for (const m of messages.slice(i, i + 3000)) byTopic[m.topic].push({ key: m.key, value: m.value });
    const topicMessages = (Object.keys(byTopic) as TopicRole[])
      .filter((r) => byTopic[r].length > 0)
      .map((r) => ({ topic: topics[r], messages: byTopic[r] }));
    const p = producer.sendBatch({ topicMessages, acks: 1 }).finally(() => inFlight.delete(p));
    inFlight.add(p);
    if (inFlight.size >= 4) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  const rate = done(messages.length);
  await producer.disconnect();
  return rate;
}

/** The same messages through the lean producer: partitioning (murmur2, cached per key as the sink does) and packing included. */
async function rawFast(): Promise<Rate> {
  const topics = await freshTopics("rawfast");
  const messages = launchMessages(RAW_EVENTS);
  const producer = await createFastProducer({
    topics: topicRoles.map((r) => topics[r]),
    metadata: kafkajsMetadata(admin),
    clientId: "launchwatch-bench",
  });
  const partitionOf = createKeyPartitioner(PARTITIONS);
  const roleIndex: Record<TopicRole, number> = { orders: 0, downloads: 1, api: 2 };
  const packer = new BatchPacker();
  const inFlight = new Set<Promise<unknown>>();
  const done = measure();
  for (let i = 0; i < messages.length; i += 3000) {
    for (const m of messages.slice(i, i + 3000)) {
      const role = roleIndex[m.topic];
      const p = partitionOf(topics[m.topic], m.key);
      packer.add(role, p, role * 65_536 + p, m.key, m.value);
    }
    const p = producer.send(packedToColumns(packer.take())).finally(() => inFlight.delete(p));
    inFlight.add(p);
    if (inFlight.size >= 4) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  const rate = done(messages.length);
  await producer.close();
  return rate;
}

async function pipeline(threads: number, client: KafkaClientKind, phase: string): Promise<Rate> {
  const topics = await freshTopics(phase);
  const sink = await createKafkaSink({
    brokers,
    topics,
    partitions: { orders: PARTITIONS, downloads: PARTITIONS, api: PARTITIONS },
    threads,
    client,
  });
  const sim = createLaunch({ seed: "bench", reference });
  let sent = 0;
  const done = measure();
  for (let b = sim.next(); b && sent < PIPELINE_EVENTS; b = sim.next()) {
    await sink.write(b.messages);
    sent += b.messages.length;
  }
  await sink.close();
  const rate = done(sent);
  const d = sink.delivered();
  if (d.orders + d.downloads + d.api !== sent) throw new Error(`delivered ${JSON.stringify(d)} of ${sent}`);
  return rate;
}

function generateOnly(): Rate {
  const sim = createLaunch({ seed: "bench", reference });
  let n = 0;
  let bytes = 0;
  const done = measure();
  for (let b = sim.next(); b && n < PIPELINE_EVENTS; b = sim.next()) {
    n += b.messages.length;
    for (const m of b.messages) bytes += m.value.length;
  }
  const rate = done(n);
  log(`average message ${Math.round(bytes / n)} bytes`);
  return rate;
}

async function main(): Promise<void> {
  await waitForKafka(brokers);
  await admin.connect();
  try {
    const generate = generateOnly();
    log(`generate + encode only: ${show(generate)}`);
    const rawRate = await raw();
    log(`raw kafkajs producer: ${show(rawRate)}`);
    const rawFastRate = await rawFast();
    log(`raw fast producer: ${show(rawFastRate)}`);
    const pipedKafkajs = await pipeline(2, "kafkajs", "pipeline-kafkajs");
    log(`simulator pipeline, kafkajs, 2 producer threads: ${show(pipedKafkajs)}`);
    const piped = await pipeline(2, "fast", "pipeline-fast");
    log(`simulator pipeline, fast, 2 producer threads: ${show(piped)}`);
    const single = await pipeline(0, "fast", "single-fast");
    log(`simulator pipeline, fast, main-thread producer: ${show(single)}`);
    const singleKafkajs = await pipeline(0, "kafkajs", "single-kafkajs");
    log(`simulator pipeline, kafkajs, main-thread producer: ${show(singleKafkajs)}`);
    const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
    const metrics = {
      pipelineEventsPerSec: piped.perSec,
      pipelineKafkajsEventsPerSec: pipedKafkajs.perSec,
      pipelineMainThreadEventsPerSec: single.perSec,
      pipelineKafkajsMainThreadEventsPerSec: singleKafkajs.perSec,
      rawFastEventsPerSec: rawFastRate.perSec,
      rawEventsPerSec: rawRate.perSec,
      generateOnlyEventsPerSec: generate.perSec,
      pipelineFastToKafkajs: ratio(piped.perSec, pipedKafkajs.perSec),
      mainThreadFastToKafkajs: ratio(single.perSec, singleKafkajs.perSec),
      rawFastToKafkajs: ratio(rawFastRate.perSec, rawRate.perSec),
      threadsGain: ratio(piped.perSec, single.perSec),
      rawFastEventsPerCpuSec: rawFastRate.perCpuSec,
      rawEventsPerCpuSec: rawRate.perCpuSec,
      pipelineEventsPerCpuSec: piped.perCpuSec,
      pipelineKafkajsEventsPerCpuSec: pipedKafkajs.perCpuSec,
      pipelineMainThreadEventsPerCpuSec: single.perCpuSec,
      pipelineKafkajsMainThreadEventsPerCpuSec: singleKafkajs.perCpuSec,
      rawCoresBusy: rawRate.cores,
      rawFastCoresBusy: rawFastRate.cores,
      pipelineCoresBusy: piped.cores,
      pipelineKafkajsCoresBusy: pipedKafkajs.cores,
      rawEvents: RAW_EVENTS,
      pipelineEvents: PIPELINE_EVENTS,
    };
    console.log(
      `BENCH ${JSON.stringify({
        name: "producer",
        metrics,
        machine: machineInfo(),
        notes:
          "acks=1, no compression, 6 partitions per topic, launch mix from second 0 at full scale (one hot API key); " +
          "pipeline = generate+encode+produce via the simulator's Kafka sink; fast = adapters/kafka/fast-producer",
      })}`,
    );
  } finally {
    if (created.length) await admin.deleteTopics({ topics: created }).catch(() => {});
    await admin.disconnect();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
