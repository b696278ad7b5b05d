/**
 * Aggregation worker throughput and memory, side by side in one run on one machine:
 *  - raw: a kafkajs consumer group member that only counts messages (no decoding): the
 *    reference the worker's target ratio is taken against;
 *  - raw-fast: the worker's own client (adapters/kafka/fast-consumer) counting messages;
 *  - worker: the real worker (consume, decode, aggregate, persist, publish frames), on its
 *    default client (fast), and again on kafkajs end to end (worker-kafkajs);
 *  - split: kafkajs on one thread, decode + aggregate on a second (batches packed and transferred),
 *    no Postgres: what moving the core off the kafkajs thread would give;
 *  - core: decode + aggregate in memory, no Kafka (bench/support/core-in-memory.ts);
 *  - RSS of the worker process with 300,000 shops active.
 * raw and worker run as separate child processes over the same topics, so neither holds the
 * bench's pre-encoded events in its memory.
 *
 * Run: `npm run bench` (all benches) or `npx tsx bench/worker.bench.ts`.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { isMainThread, parentPort, workerData } from "node:worker_threads";
import { createAggregateStore } from "../adapters/db/aggregate-store";
import { createKafka } from "../adapters/kafka/client";
import { createFastPartitionConsumer } from "../adapters/kafka/fast-consumer/consumer";
import { tpKey } from "../adapters/kafka/partition-consumer";
import { describeKafkaSecurity } from "../adapters/kafka/security";
import { ensureTopics, topicNames } from "../adapters/kafka/topics";
import { silentLogger } from "../adapters/log";
import { type Aggregator, createAggregator } from "../core/aggregation/aggregator";
import { buildCapacityTable } from "../core/capacity/capacity-table";
import { decodeEvent, decodeEventAt } from "../core/events/decode";
import { generateReferenceData } from "../core/reference";
import { foreignMessage } from "../core/simulation/foreign";
import { startTsWorker } from "../simulator/ts-worker";
import { createAggregatorWorker } from "../workers/aggregator/worker";
import { benchEnv, benchSecurity, seedBenchReference } from "./support/bench-env";
import { packEvents, runCore } from "./support/core-in-memory";
import { report } from "./support/machine";
import { foreignPrefix, mappedDecoders } from "./support/mapped-sources";

const SHOPS = 300_000;
const ORDERS = Number(process.env.BENCH_ORDERS ?? 900_000);
const START = 1_770_343_200_000;

type Encoded = { topic: "orders" | "api" | "downloads"; key: string; value: Buffer };

function makeEvents(ref: ReturnType<typeof generateReferenceData>): Encoded[] {
  const t = ref.shops;
  const out: Encoded[] = [];
  // Every shop gets an order in every 60 s of event time: 300,000 active shops.
  const spanMs = (ORDERS / SHOPS) * 60_000;
  for (let i = 0; i < ORDERS; i++) {
    const ts = START + Math.floor((i / ORDERS) * spanMs);
    const shop = (i * 7919) % SHOPS;
    out.push({
      topic: "orders",
      key: String(shop),
      value: Buffer.from(
        JSON.stringify({
          v: 1,
          type: "order",
          id: `o${i}`,
          orderId: `ord${i}`,
          userId: `u${i % 1_000_003}`,
          shopId: shop,
          chain: t.chains[t.chainIndex[shop]!],
          city: t.cities[t.cityIndex[shop]!],
          amount: 25,
          status: "created",
          ts,
        }),
      ),
    });
    if (i % 2 === 0) {
      const ep = ref.endpoints[i % ref.endpoints.length]!;
      const failed = i % 10 === 0;
      out.push({
        topic: "api",
        key: ep.name,
        value: Buffer.from(
          JSON.stringify({
            v: 1,
            type: "api",
            id: `a${i}`,
            endpoint: ep.name,
            status: failed ? 503 : 200,
            latencyMs: 20 + (i % 400),
            errorClass: failed ? "overload_503" : null,
            retry: i % 20 === 0,
            ts,
          }),
        ),
      });
    }
    if (i % 6 === 0) {
      out.push({
        topic: "downloads",
        key: `u${i}`,
        value: Buffer.from(
          JSON.stringify({
            v: 1,
            type: "download",
            id: `d${i}`,
            userId: `u${i}`,
            kind: "install",
            inviterId: null,
            platform: "ios",
            channel: "app_store",
            ts,
          }),
        ),
      });
    }
  }
  return out;
}

async function produce(brokers: string[], prefix: string, events: Encoded[]): Promise<void> {
  const kafka = createKafka({ brokers, security: benchSecurity() });
  const producer = kafka.producer();
  await producer.connect();
  const topics = topicNames(prefix);
  const chunk = 20_000;
  const inFlight: Promise<unknown>[] = [];
  for (let i = 0; i < events.length; i += chunk) {
    const byTopic = new Map<string, Array<{ key: string; value: Buffer }>>();
    for (const e of events.slice(i, i + chunk)) {
      const topic = topics[e.topic];
      let list = byTopic.get(topic);
      if (!list) byTopic.set(topic, (list = []));
      list.push({ key: e.key, value: e.value });
    }
    inFlight.push(
      producer.sendBatch({
        acks: 1,
        topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
      }),
    );
    if (inFlight.length >= 4) await inFlight.shift();
  }
  await Promise.all(inFlight);
  await producer.disconnect();
}

interface ChildResult {
  /** Events per second, first to last message. */
  rate: number;
  /** Events per CPU-second of the process over the same span: steadier than `rate` on a busy machine. */
  perCpuSec: number;
  peakRssMB: number;
}

/** Child process modes: measure one consumer and print a JSON line. */
async function child(
  mode: string,
  brokers: string[],
  databaseUrl: string,
  prefix: string,
  total: number,
  run: string,
) {
  const kafka = createKafka({ brokers, security: benchSecurity() });
  const topics = topicNames(prefix);
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  let first = 0;
  let last = 0;
  // CPU time of this process (all its threads) between the first and the last message.
  let cpu0 = process.cpuUsage();
  let cpu1 = process.cpuUsage(cpu0);
  if (mode === "split") {
    // kafkajs on this thread; decode + aggregate on a second one (no Postgres, no frames out).
    const thread = startTsWorker(new URL(import.meta.url), { split: true });
    // A failing thread fails the child (and the bench) instead of leaving it waiting.
    thread.on("error", (err) => {
      console.error(err);
      process.exit(1);
    });
    let processed = 0;
    let inFlight = 0;
    let wake: (() => void) | null = null;
    let done: () => void = () => {};
    const finished = new Promise<void>((r) => (done = r));
    await new Promise<void>((ready) =>
      thread.on("message", (m: number | "ready") => {
        if (m === "ready") return ready();
        processed += m;
        inFlight--;
        wake?.();
        if (processed >= total) {
          last = performance.now();
          cpu1 = process.cpuUsage(cpu0);
          done();
        }
      }),
    );
    const ids = new Map<string, number>();
    const consumer = kafka.consumer({
      groupId: `bench-split-${prefix}${run}`,
      maxBytesPerPartition: 1024 * 1024,
      maxBytes: 16 * 1024 * 1024,
      maxWaitTimeInMs: 100,
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [topics.orders, topics.api, topics.downloads], fromBeginning: true });
    void consumer.run({
      eachBatch: async ({ batch }) => {
        if (first === 0) {
          first = performance.now();
          cpu0 = process.cpuUsage();
        }
        const messages = batch.messages;
        if (messages.length === 0) return;
        let bytes = 0;
        for (const m of messages) bytes += m.value?.length ?? 0;
        const data = new Uint8Array(bytes);
        const ends = new Int32Array(messages.length);
        let at = 0;
        for (let i = 0; i < messages.length; i++) {
          const v = messages[i]!.value;
          if (v) {
            data.set(v, at);
            at += v.length;
          }
          ends[i] = at;
        }
        const key = `${batch.topic}/${batch.partition}`;
        let partition = ids.get(key);
        if (partition === undefined) ids.set(key, (partition = ids.size));
        const packed: PackedBatch = { partition, firstOffset: Number(messages[0]!.offset), data, ends };
        inFlight++;
        thread.postMessage(packed, [data.buffer, ends.buffer]);
        // Backpressure: at most a few batches queued for the other thread.
        while (inFlight > 4) await new Promise<void>((r) => (wake = r));
      },
    });
    await finished;
    await consumer.disconnect();
    await thread.terminate();
  } else if (mode === "raw") {
    const consumer = kafka.consumer({
      groupId: `bench-raw-${prefix}${run}`,
      maxBytesPerPartition: 2 * 1024 * 1024,
      maxBytes: 32 * 1024 * 1024,
      maxWaitTimeInMs: 100,
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [topics.orders, topics.api, topics.downloads], fromBeginning: true });
    let n = 0;
    let bytes = 0;
    await new Promise<void>((resolve) => {
      void consumer.run({
        eachBatch: async ({ batch }) => {
          if (first === 0) {
            first = performance.now();
            cpu0 = process.cpuUsage();
          }
          for (const m of batch.messages) bytes += m.value?.length ?? 0;
          n += batch.messages.length;
          if (n >= total) {
            last = performance.now();
            cpu1 = process.cpuUsage(cpu0);
            resolve();
          }
        },
      });
    });
    await consumer.disconnect();
    if (bytes === 0) throw new Error("consumed nothing");
  } else if (mode === "raw-fast") {
    // The fast consumer's fetch path with no processing: what the worker's own client costs.
    const consumer = createFastPartitionConsumer({
      kafka,
      groupId: `bench-raw-fast-${prefix}${run}`,
      topics: [topics.orders, topics.api, topics.downloads],
      logger: silentLogger,
    });
    let n = 0;
    let bytes = 0;
    await new Promise<void>((resolve) => {
      void consumer.run({
        onAssign: async (assigned) => new Map(assigned.map((a) => [tpKey(a), a.low])),
        onUnreadable: (_tp, u) => {
          console.error(`unreadable batch: ${u.reason}`);
          process.exit(1);
        },
        onFatal: (err) => {
          console.error(err);
          process.exit(1);
        },
        onBatch: async (_tp, batch) => {
          if (first === 0) {
            first = performance.now();
            cpu0 = process.cpuUsage();
          }
          for (let i = 0; i < batch.count; i++) bytes += batch.valueEnd[i]! - batch.valueStart[i]!;
          n += batch.count;
          if (n >= total) {
            last = performance.now();
            cpu1 = process.cpuUsage(cpu0);
            resolve();
          }
        },
      });
    });
    await consumer.stop();
    if (bytes === 0) throw new Error("consumed nothing");
  } else {
    const store = createAggregateStore({ databaseUrl });
    const worker = createAggregatorWorker({
      kafka,
      store,
      topics,
      groupId: `bench-worker-${prefix}${run}`,
      stream: `bench-${prefix}${run}`,
      workerId: "bench",
      logger: silentLogger,
      snapshots: true,
      kafkaClient: mode === "worker-kafkajs" ? "kafkajs" : "fast",
      // worker-mapped: the same events in a company's own shape, through the example mapping.
      sources: mode === "worker-mapped" ? mappedDecoders(prefix, generateReferenceData()) : undefined,
      // BENCH_WORKER_FETCH_BYTES compares fetch sizes; default: the worker's own.
      maxBytesPerPartition: Number(process.env.BENCH_WORKER_FETCH_BYTES) || undefined,
    });
    await worker.start();
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        const s = worker.stats();
        if (first === 0 && s.consumed > 0) {
          first = performance.now();
          cpu0 = process.cpuUsage();
        }
        if (s.consumed >= total) {
          last = performance.now();
          cpu1 = process.cpuUsage(cpu0);
          clearInterval(poll);
          resolve();
        }
      }, 5);
    });
    console.error(
      `[bench] worker stats ${JSON.stringify(worker.stats())} mem ${JSON.stringify(process.memoryUsage())}`,
    );
    await worker.stop();
    await store.close();
  }
  clearInterval(sampler);
  console.log(
    `RESULT ${JSON.stringify({
      rate: total / ((last - first) / 1000),
      perCpuSec: total / ((cpu1.user + cpu1.system) / 1e6),
      peakRssMB: peakRss / 2 ** 20,
    })}`,
  );
  process.exit(0);
}

/** This file, which each child process runs in one of its modes. */
const self = new URL(import.meta.url).pathname;

function runChild(mode: string, args: string[], nodeFlags: string[] = []): Promise<ChildResult> {
  return runForResult(mode, [...nodeFlags, "--import", "tsx", self, "--child", mode, ...args]);
}

/** Runs this file in a child process with `argv` and resolves with its `RESULT {...}` line. */
function runForResult<T>(what: string, argv: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, argv, { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    p.stdout.on("data", (d) => (out += d));
    p.on("close", (code) => {
      const line = out.split("\n").find((l) => l.startsWith("RESULT "));
      if (code !== 0 || !line) reject(new Error(`${what} child failed (exit ${code})`));
      else resolve(JSON.parse(line.slice(7)));
    });
  });
}

function tableOf(ref: ReturnType<typeof generateReferenceData>) {
  const t = ref.shops;
  return buildCapacityTable(
    Array.from({ length: t.count }, (_, id) => ({
      id,
      chain: t.chains[t.chainIndex[id]!]!,
      city: t.cities[t.cityIndex[id]!]!,
      capacityPerMinute: t.capacityPerMinute[id]!,
    })),
    ref.endpoints,
  );
}

/** One batch handed from the consuming thread to the aggregating thread (split mode). */
interface PackedBatch {
  partition: number;
  firstOffset: number;
  /** The message values back to back; `ends[i]` is where value i ends. */
  data: Uint8Array;
  ends: Int32Array;
}

/**
 * Split mode, second thread: decodes and aggregates the batches the kafkajs thread packs and
 * transfers, a frame and a delta take every second, and acknowledges each batch.
 */
function splitThread(): void {
  const agg = createAggregator({
    source: "split",
    capacity: tableOf(generateReferenceData()),
    idleMs: Number.MAX_SAFE_INTEGER,
  });
  let lastFrame = performance.now();
  const port = parentPort!;
  port.on("message", (b: PackedBatch) => {
    const values = Buffer.from(b.data.buffer, b.data.byteOffset, b.data.byteLength);
    let start = 0;
    for (let i = 0; i < b.ends.length; i++) {
      const end = b.ends[i]!;
      const d = decodeEvent(values.subarray(start, end));
      if (d.ok) agg.ingest(b.partition, b.firstOffset + i, d.event, true);
      else agg.invalid(b.partition, true);
      start = end;
    }
    if (performance.now() - lastFrame >= 1000) {
      lastFrame = performance.now();
      agg.takeDeltas();
      agg.frame();
    }
    port.postMessage(b.ends.length);
  });
  port.postMessage("ready");
}

/** The core-in-memory figure in a process of its own (bench/support/core-in-memory.ts says why). */
function runCoreChild(): Promise<{ rate: number; perCpuSec: number }> {
  return runForResult("core", ["--import", "tsx", self, "--core-only"]);
}

async function main() {
  if (process.argv[2] === "--core-only") {
    // For profiling the core alone: `node --cpu-prof --import tsx bench/worker.bench.ts --core-only`.
    const ref = generateReferenceData();
    // Packed, the million message objects are garbage before the clock starts.
    const packed = packEvents(makeEvents(ref));
    // BENCH_CORE_ROOT: the aggregator and decoder of another checkout (a git worktree of an
    // older commit), so old and new code run in this same harness.
    const root = process.env.BENCH_CORE_ROOT;
    const code = root
      ? {
          createAggregator: (await import(`${root}/core/aggregation/aggregator.ts`)).createAggregator,
          decodeEventAt: (await import(`${root}/core/events/decode.ts`)).decodeEventAt,
        }
      : { createAggregator, decodeEventAt };
    const agg: Aggregator = code.createAggregator({
      source: "core",
      capacity: tableOf(ref),
      idleMs: Number.MAX_SAFE_INTEGER,
    });
    const core = runCore(agg, packed, code.decodeEventAt);
    console.log(
      `core in memory: ${Math.round(core.rate)} events/s, ${Math.round(core.perCpuSec)} per CPU-second`,
    );
    console.log(`RESULT ${JSON.stringify(core)}`);
    return;
  }
  if (process.argv[2] === "--child") {
    const [, , , mode, brokers, databaseUrl, prefix, total, run] = process.argv;
    return child(mode!, brokers!.split(","), databaseUrl!, prefix!, Number(total), run!);
  }
  const { brokers, security, databaseUrl } = await benchEnv();
  console.error(`[bench] kafka ${brokers.join(",")} ${describeKafkaSecurity(security)}`);
  const ref = await seedBenchReference(databaseUrl);
  const events = makeEvents(ref);
  // BENCH_WORKER_PREFIX reuses topics a run kept (BENCH_WORKER_KEEP=1), to compare settings
  // without producing again; groups and streams are new on every run.
  const reuse = process.env.BENCH_WORKER_PREFIX;
  const prefix = reuse ?? `bench.${randomBytes(3).toString("hex")}.`;
  const run = randomBytes(3).toString("hex");
  const admin = createKafka({ brokers, security }).admin();
  await admin.connect();
  // BENCH_WORKER_MAPPED=1: also the worker through a source mapping (docs/SOURCES.md).
  const mapped = process.env.BENCH_WORKER_MAPPED === "1";
  if (!reuse) {
    await ensureTopics(admin, topicNames(prefix), 6);
    console.error(`[bench] producing ${events.length} events to ${prefix}*...`);
    await produce(brokers, prefix, events);
  }
  if (mapped && !reuse) {
    const foreign = events.map((e) => {
      const m = foreignMessage({ topic: e.topic, key: e.key, value: e.value.toString() });
      return { topic: m.topic, key: m.key, value: Buffer.from(m.value) };
    });
    await ensureTopics(admin, topicNames(foreignPrefix(prefix)), 6);
    console.error(`[bench] producing the same events in the foreign shape to ${foreignPrefix(prefix)}*...`);
    await produce(brokers, foreignPrefix(prefix), foreign);
  }

  const core = process.env.BENCH_SKIP_CORE ? { rate: 0, perCpuSec: 0 } : await runCoreChild();

  const args = [brokers.join(","), databaseUrl, prefix, String(events.length), run];
  console.error("[bench] raw kafkajs consume...");
  const raw = process.env.BENCH_SKIP_RAW
    ? { rate: 1, perCpuSec: 1, peakRssMB: 0 }
    : await runChild("raw", args);
  console.error("[bench] split: kafkajs on one thread, decode + aggregate on another...");
  const split = process.env.BENCH_SKIP_SPLIT
    ? { rate: 0, perCpuSec: 0, peakRssMB: 0 }
    : await runChild("split", args);
  console.error("[bench] raw fast consumer (the worker's fetch path, no processing)...");
  const rawFast = process.env.BENCH_SKIP_RAW
    ? { rate: 1, perCpuSec: 1, peakRssMB: 0 }
    : await runChild("raw-fast", args);
  console.error("[bench] worker end to end on kafkajs...");
  const workerKafkajs = process.env.BENCH_SKIP_WORKER_KAFKAJS
    ? { rate: 0, perCpuSec: 0, peakRssMB: 0 }
    : await runChild("worker-kafkajs", args);
  console.error("[bench] worker end to end...");
  // The worker runs with Node's defaults, as `npm run worker` does (larger semi-spaces measured
  // worse). BENCH_WORKER_NODE_FLAGS adds flags, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const flags = process.env.BENCH_WORKER_NODE_FLAGS?.split(" ").filter(Boolean) ?? [];
  const worker = await runChild("worker", args, flags);
  const workerMapped = mapped
    ? await runChild("worker-mapped", args, flags)
    : { rate: 0, perCpuSec: 0, peakRssMB: 0 };

  const topics = topicNames(prefix);
  if (!process.env.BENCH_WORKER_KEEP)
    await admin.deleteTopics({
      topics: [
        topics.orders,
        topics.api,
        topics.downloads,
        topics.frames,
        topics.deadLetter,
        topics.watch,
        topics.alerts,
        ...(mapped
          ? [foreignPrefix(prefix)].map(topicNames).flatMap((f) => [f.orders, f.api, f.downloads])
          : []),
      ],
    });
  await admin.disconnect();
  report(
    "worker",
    {
      events: events.length,
      rawConsumePerSec: Math.round(raw.rate),
      workerEndToEndPerSec: Math.round(worker.rate),
      workerToRawRatio: Math.round((worker.rate / raw.rate) * 100) / 100,
      rawConsumePerCpuSec: Math.round(raw.perCpuSec),
      workerPerCpuSec: Math.round(worker.perCpuSec),
      workerToRawCpuRatio: Math.round((worker.perCpuSec / raw.perCpuSec) * 100) / 100,
      rawFastConsumePerSec: Math.round(rawFast.rate),
      rawFastConsumePerCpuSec: Math.round(rawFast.perCpuSec),
      workerKafkajsPerSec: Math.round(workerKafkajs.rate),
      workerKafkajsToRawRatio: Math.round((workerKafkajs.rate / raw.rate) * 100) / 100,
      workerKafkajsPerCpuSec: Math.round(workerKafkajs.perCpuSec),
      workerKafkajsPeakRssMB: Math.round(workerKafkajs.peakRssMB),
      splitPerSec: Math.round(split.rate),
      splitToRawRatio: Math.round((split.rate / raw.rate) * 100) / 100,
      splitPerCpuSec: Math.round(split.perCpuSec),
      splitPeakRssMB: Math.round(split.peakRssMB),
      coreInMemoryPerSec: Math.round(core.rate),
      coreInMemoryPerCpuSec: Math.round(core.perCpuSec),
      workerPeakRssMB: Math.round(worker.peakRssMB),
      workerMappedPerSec: Math.round(workerMapped.rate),
      workerMappedPerCpuSec: Math.round(workerMapped.perCpuSec),
      mappedToNativeRatio: Math.round((workerMapped.rate / worker.rate) * 100) / 100,
      mappedToNativeCpuRatio: Math.round((workerMapped.perCpuSec / worker.perCpuSec) * 100) / 100,
      rawConsumerPeakRssMB: Math.round(raw.peakRssMB),
      activeShops: SHOPS,
    },
    `raw and worker consume the same 6-partition topics in separate processes, one after the other; rates from first to last message; Kafka over ${security.protocol}`,
  );
}

if (!isMainThread && (workerData as { split?: boolean } | null)?.split) splitThread();
else {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
