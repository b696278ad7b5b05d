/**
 * Live latency: from an event being produced to Kafka to a Socket.IO client holding a value
 * that includes it, at 50,000 events/s with 200 connected clients (target: p99 at most 1.5 s).
 *
 * Four processes, as in production: this one produces events at a fixed rate; a real
 * aggregation worker (workers/aggregator/main.ts) counts them and publishes a frame a second;
 * the web server (server/web-server.ts, this file in `web` mode) fans frames out; 200 clients
 * (this file in `clients` mode) subscribe to the overview and ack every update.
 *
 * How latency is measured: every valid event increments the worker's all-time totals at
 * ingest, and the overview carries `totals`. The producer logs (time, cumulative count) per
 * batch; each client logs (receive time, ordersCreated + downloads + apiRequests) per update.
 * The k-th event became visible to a client at the first update whose total reached k, so its
 * latency is that receive time minus the time its batch was produced. This counts events in
 * total order; across partitions the worker may count them in a slightly different order,
 * which moves individual latencies by at most the spread of partitions' consume lag (tens of
 * ms here). Events of the first 10 s (warm-up) and of the last 5 s are left out.
 *
 * Run: `npm run bench -- live-latency` or `npx tsx bench/live-latency.bench.ts`.
 * BENCH_RATE (default 50000), BENCH_CLIENTS (200), BENCH_SECONDS (60) override the load;
 * BENCH_FRAME_INTERVAL_MS (default: the worker's 1000) sets the worker's frame period;
 * BENCH_KAFKA_CLIENT (default `fast`: adapters/kafka/fast-producer, as the simulator; or
 * `kafkajs`) picks the producer. Keys per the contract, partitions by kafkajs's murmur2 default
 * partitioner in both cases.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Message } from "kafkajs";
import { io, type Socket } from "socket.io-client";
import { createAuthStore } from "../adapters/db/auth-store";
import { createPrisma } from "../adapters/db/prisma";
import { createKafka } from "../adapters/kafka/client";
import { createFastProducer } from "../adapters/kafka/fast-producer/producer";
import { createKeyPartitioner } from "../adapters/kafka/key-partitioner";
import { ensureTopics, topicNames } from "../adapters/kafka/topics";
import { kafkajsMetadata } from "../adapters/kafka/wire/metadata";
import { silentLogger } from "../adapters/log";
import { hashPassword } from "../core/auth/password";
import { hashSecret, newApiToken } from "../core/auth/tokens";
import type { ClientToServerEvents, LiveUpdate, ServerToClientEvents } from "../core/live/socket-events";
import { type TopicRole, topicRoles, type WireMessage } from "../core/simulation/wire";
import { startWebServer } from "../server/web-server";
import { BatchPacker } from "../simulator/pack";
import { packedToColumns } from "../simulator/sender-fast";
import { benchEnv, seedBenchReference } from "./support/bench-env";
import { report } from "./support/machine";

const RATE = Number(process.env.BENCH_RATE ?? 50_000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const FRAME_INTERVAL_MS = process.env.BENCH_FRAME_INTERVAL_MS;
const KAFKA_CLIENT = process.env.BENCH_KAFKA_CLIENT === "kafkajs" ? "kafkajs" : "fast";
const PARTITIONS = 6;
const WARMUP_S = 10;
const TAIL_S = 5;
const self = fileURLToPath(import.meta.url);

interface ClientLog {
  /** Per client: [receive ms, total events counted, newest frame emittedAt]. */
  updates: Array<Array<[number, number, number]>>;
  connected: number;
}

// ---------------------------------------------------------------- web server (child) -----

async function webMode() {
  const server = await startWebServer({
    port: 0,
    instanceId: `bench-${process.pid}`,
    brokers: JSON.parse(process.env.BENCH_BROKERS!),
    topics: topicNames(process.env.BENCH_PREFIX!),
    databaseUrl: process.env.BENCH_DB!,
    next: { mode: "off" },
    logger: silentLogger,
  });
  await server.framesReady();
  console.log(`WEB_URL ${server.url}`);
  process.on("SIGTERM", async () => {
    const text = await server.registry.metrics();
    fs.writeFileSync(process.env.BENCH_WEB_METRICS!, text);
    await server.close();
    process.exit(0);
  });
}

// ---------------------------------------------------------------- clients (child) --------

async function clientsMode() {
  const url = process.env.BENCH_URL!;
  const token = process.env.BENCH_TOKEN!;
  const log: ClientLog = { updates: [], connected: 0 };
  const sockets: Array<Socket<ServerToClientEvents, ClientToServerEvents>> = [];
  for (let i = 0; i < CLIENTS; i++) {
    const mine: Array<[number, number, number]> = [];
    log.updates.push(mine);
    const s: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, {
      transports: ["websocket"],
      auth: { token },
      reconnection: false,
    });
    s.on("connect", () => {
      log.connected++;
      s.emit("subscribe", { view: { kind: "overview" }, since: null }, () => {});
    });
    s.on("update", (u: LiveUpdate, ack) => {
      const now = Date.now();
      if (u.kind === "overview" && u.view) {
        const t = u.view.totals;
        mine.push([now, t.ordersCreated + t.downloads + t.apiRequests, u.view.at]);
      }
      ack();
    });
    sockets.push(s);
  }
  const ready = setInterval(() => {
    if (log.connected === CLIENTS && log.updates.every((u) => u.length > 0)) {
      clearInterval(ready);
      console.log("CLIENTS_READY");
    }
  }, 100);
  process.on("SIGTERM", () => {
    fs.writeFileSync(process.env.BENCH_CLIENT_LOG!, JSON.stringify(log));
    for (const s of sockets) s.disconnect();
    process.exit(0);
  });
}

// ---------------------------------------------------------------- orchestration -----------

function spawnChild(args: string[], env: Record<string, string>, name: string): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stderr?.on("data", (d: Buffer) => process.stderr.write(`[${name}] ${d}`));
  return child;
}

function waitLine(child: ChildProcess, prefix: string, timeoutMs = 120_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = "";
    const timer = setTimeout(() => reject(new Error(`no "${prefix}" within ${timeoutMs} ms`)), timeoutMs);
    child.stdout?.on("data", (d: Buffer) => {
      buf += d.toString();
      for (const line of buf.split("\n"))
        if (line.startsWith(prefix)) {
          clearTimeout(timer);
          resolve(line.slice(prefix.length).trim());
        }
    });
    child.once("exit", (code) => reject(new Error(`child exited (${code}) before "${prefix}"`)));
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(() => child.kill("SIGKILL"), 15_000);
    child.once("exit", () => {
      clearTimeout(t);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** Weighted percentile over a histogram of 1 ms buckets. */
function percentile(hist: Map<number, number>, q: number): number {
  const keys = [...hist.keys()].sort((a, b) => a - b);
  const total = keys.reduce((a, k) => a + hist.get(k)!, 0);
  let seen = 0;
  for (const k of keys) {
    seen += hist.get(k)!;
    if (seen >= q * total) return k;
  }
  return Number.NaN;
}

interface BenchProducer {
  send(messages: readonly WireMessage[]): Promise<void>;
  close(): Promise<void>;
}

/** The bench's producer: the lean producer (default) or kafkajs, same keys and partitions. */
async function connectBenchProducer(
  kafka: ReturnType<typeof createKafka>,
  admin: ReturnType<ReturnType<typeof createKafka>["admin"]>,
  topics: Record<TopicRole, string>,
): Promise<BenchProducer> {
  if (KAFKA_CLIENT === "kafkajs") {
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    return {
      async send(messages) {
        const byRole: Record<TopicRole, Message[]> = { orders: [], downloads: [], api: [] };
        for (const m of messages) byRole[m.topic].push({ key: m.key, value: m.value });
        const topicMessages = topicRoles
          .filter((r) => byRole[r].length > 0)
          .map((r) => ({ topic: topics[r], messages: byRole[r] }));
        await producer.sendBatch({ acks: 1, topicMessages });
      },
      close: () => producer.disconnect(),
    };
  }
  const producer = await createFastProducer({
    topics: topicRoles.map((r) => topics[r]),
    metadata: kafkajsMetadata(admin),
    clientId: "bench-live",
  });
  const partitionOf = createKeyPartitioner(PARTITIONS);
  const packer = new BatchPacker();
  return {
    send(messages) {
      for (const m of messages) {
        const role = topicRoles.indexOf(m.topic);
        const p = partitionOf(topics[m.topic], m.key);
        packer.add(role, p, role * 65_536 + p, m.key, m.value);
      }
      return producer.send(packedToColumns(packer.take()));
    },
    close: () => producer.close(),
  };
}

async function main() {
  const { brokers, databaseUrl } = await benchEnv();
  const ref = await seedBenchReference(databaseUrl);
  const prefix = `lwbench.live.${randomBytes(3).toString("hex")}.`;
  const topics = topicNames(prefix);
  const kafka = createKafka({ brokers, clientId: "bench-live" });
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, topics, PARTITIONS);

  // An API token for the clients, straight into the bench database.
  const prisma = createPrisma(databaseUrl, { poolSize: 2 });
  const store = createAuthStore(prisma);
  const username = `bench-${prefix.slice(-7, -1)}`;
  const user = await store.createUser({
    username,
    role: "viewer",
    passwordHash: await hashPassword(randomBytes(12).toString("hex"), { N: 1024, r: 8, p: 1 }),
    mustChangePassword: false,
  });
  const token = newApiToken();
  await store.createApiToken({
    userId: user.id,
    name: "bench",
    tokenHash: hashSecret(token),
    role: "viewer",
    expiresAt: null,
  });

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lw-live-bench-"));
  const children: ChildProcess[] = [];
  const cleanup = async () => {
    for (const c of children.reverse()) await stopChild(c);
    await admin.deleteTopics({ topics: Object.values(topics) }).catch(() => {});
    await admin.disconnect();
    await prisma.user.delete({ where: { id: user.id } }).catch(() => {});
    await prisma.$disconnect();
  };

  try {
    const worker = spawnChild(
      ["workers/aggregator/main.ts"],
      {
        KAFKA_BROKERS: brokers.join(","),
        DATABASE_URL: databaseUrl,
        LW_TOPIC_PREFIX: prefix,
        LW_WORKER_GROUP: `bench-live-${prefix}`,
        LW_WORKER_ID: "bench-live-worker",
        LW_STREAM: `bench-live-${prefix.slice(-7, -1)}`,
        LOG_LEVEL: "warn",
        ...(FRAME_INTERVAL_MS ? { LW_FRAME_INTERVAL_MS: FRAME_INTERVAL_MS } : {}),
      },
      "worker",
    );
    children.push(worker);
    const web = spawnChild(
      [self, "web"],
      {
        BENCH_BROKERS: JSON.stringify(brokers),
        BENCH_PREFIX: prefix,
        BENCH_DB: databaseUrl,
        BENCH_WEB_METRICS: path.join(tmp, "web-metrics.txt"),
      },
      "web",
    );
    children.push(web);
    const url = await waitLine(web, "WEB_URL ");

    const roleTopics: Record<TopicRole, string> = {
      orders: topics.orders,
      downloads: topics.downloads,
      api: topics.api,
    };
    const producer = await connectBenchProducer(kafka, admin, roleTopics);
    let seq = 0;
    const shops = ref.shops;
    const endpoints = ref.endpoints.map((e) => e.name);
    /** Makes `n` events stamped `ts`: 60 % orders, 30 % API calls, 10 % downloads. */
    const makeBatch = (n: number, ts: number) => {
      const out: WireMessage[] = [];
      for (let i = 0; i < n; i++) {
        const k = seq++;
        const r = k % 10;
        if (r < 6) {
          const shop = (k * 7919) % shops.count;
          out.push({
            topic: "orders",
            key: String(shop),
            value: `{"v":1,"type":"order","id":"o${k}","orderId":"ord${k}","userId":"u${k % 1_000_003}","shopId":${shop},"chain":${JSON.stringify(shops.chains[shops.chainIndex[shop]!])},"city":${JSON.stringify(shops.cities[shops.cityIndex[shop]!])},"amount":25,"status":"created","ts":${ts}}`,
          });
        } else if (r < 9) {
          const ep = endpoints[k % endpoints.length]!;
          const failed = k % 13 === 0;
          out.push({
            topic: "api",
            key: ep,
            value: `{"v":1,"type":"api","id":"a${k}","endpoint":${JSON.stringify(ep)},"status":${failed ? 503 : 200},"latencyMs":${20 + (k % 300)},"errorClass":${failed ? '"overload_503"' : "null"},"retry":false,"ts":${ts}}`,
          });
        } else {
          out.push({
            topic: "downloads",
            key: `u${k}`,
            value: `{"v":1,"type":"download","id":"d${k}","userId":"u${k}","kind":"install","inviterId":null,"platform":"ios","channel":"app_store","ts":${ts}}`,
          });
        }
      }
      return out;
    };

    // Warm up until frames flow, then connect the clients.
    await producer.send(makeBatch(100, Date.now()));
    const waitLive = async () => {
      for (let i = 0; i < 120; i++) {
        const r = await fetch(`${url}/api/v1/status`, { headers: { authorization: `Bearer ${token}` } });
        if (r.ok && ((await r.json()) as { state: string }).state === "live") return;
        await producer.send(makeBatch(100, Date.now()));
        await new Promise((res) => setTimeout(res, 1000));
      }
      throw new Error("no frames reached the web server within 120 s");
    };
    await waitLive();
    const clients = spawnChild(
      [self, "clients"],
      { BENCH_URL: url, BENCH_TOKEN: token, BENCH_CLIENT_LOG: path.join(tmp, "clients.json") },
      "clients",
    );
    children.push(clients);
    await waitLine(clients, "CLIENTS_READY");

    // Produce at a fixed rate; log (time, cumulative count) per batch.
    const prodTime: number[] = [];
    const prodCount: number[] = [];
    const base = seq;
    const start = Date.now();
    const end = start + SECONDS * 1000;
    const inFlight = new Set<Promise<unknown>>();
    let sendErrors = 0;
    let behind = 0;
    while (Date.now() < end) {
      const now = Date.now();
      const due = Math.floor(((now - start) / 1000) * RATE) - (seq - base);
      if (due > 0) {
        const n = Math.min(due, 5000);
        const p = producer
          .send(makeBatch(n, now))
          .catch(() => sendErrors++)
          .finally(() => inFlight.delete(p));
        inFlight.add(p);
        prodTime.push(now);
        prodCount.push(seq);
        if (inFlight.size >= 16) {
          behind++;
          await Promise.race(inFlight);
        }
      }
      await new Promise((res) => setTimeout(res, 5));
    }
    const producedSec = ((prodTime.at(-1) ?? end) - start) / 1000;
    const produced = seq - base;
    await Promise.all(inFlight);
    await producer.close();
    await new Promise((res) => setTimeout(res, 4000));
    await stopChild(clients);
    await stopChild(web);
    const log = JSON.parse(fs.readFileSync(path.join(tmp, "clients.json"), "utf8")) as ClientLog;
    const webMetrics = fs.readFileSync(path.join(tmp, "web-metrics.txt"), "utf8");

    // Event latency histogram over all clients (1 ms buckets, weighted by events).
    const from = start + WARMUP_S * 1000;
    const until = end - TAIL_S * 1000;
    const hist = new Map<number, number>();
    const frameHist = new Map<number, number>();
    let unseen = 0;
    let updates = 0;
    for (const raw of log.updates) {
      updates += raw.length;
      // Totals never go down; a late update carrying an older frame does not un-count events.
      let max = 0;
      const u = raw.map(([recv, total, at]) => [recv, (max = Math.max(max, total)), at] as const);
      for (const [recv, , at] of u)
        if (recv >= from) frameHist.set(recv - at, (frameHist.get(recv - at) ?? 0) + 1);
      let j = 0;
      for (let b = 0; b < prodCount.length; b++) {
        if (prodTime[b]! < from || prodTime[b]! > until) continue;
        const batchEnd = prodCount[b]!;
        let s = b === 0 ? base : prodCount[b - 1]!;
        while (s < batchEnd) {
          // The first update whose total includes event `s`.
          while (j < u.length && u[j]![1] <= s) j++;
          if (j === u.length) {
            unseen += batchEnd - s;
            break;
          }
          const upto = Math.min(batchEnd, u[j]![1]);
          const ms = u[j]![0] - prodTime[b]!;
          hist.set(ms, (hist.get(ms) ?? 0) + (upto - s));
          s = upto;
        }
      }
    }
    const metric = (name: string) => {
      const m = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, "m").exec(webMetrics);
      return m ? Number(m[1]) : Number.NaN;
    };
    const sumMetric = (name: string) =>
      [...webMetrics.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, "gm"))].reduce(
        (a, m) => a + Number(m[1]),
        0,
      );

    const metrics = {
      targetEventsPerSec: RATE,
      fastProducer: KAFKA_CLIENT === "fast" ? 1 : 0,
      frameIntervalMs: Number(FRAME_INTERVAL_MS ?? 1000),
      eventsPerSec: Math.round(produced / producedSec),
      clients: log.connected,
      seconds: SECONDS,
      latencyP50Ms: percentile(hist, 0.5),
      latencyP99Ms: percentile(hist, 0.99),
      latencyMaxMs: Math.max(...hist.keys()),
      frameToClientP50Ms: percentile(frameHist, 0.5),
      frameToClientP99Ms: percentile(frameHist, 0.99),
      updatesPerClientPerSec: Math.round((updates / log.connected / (SECONDS + 4)) * 100) / 100,
      eventsUnseenAtEnd: unseen,
      producerSendErrors: sendErrors,
      producerBackpressureWaits: behind,
      webUpdatesCoalesced: sumMetric("launchwatch_web_updates_coalesced_total"),
      webFramesReceived: sumMetric("launchwatch_web_frames_received_total"),
      webCpuSeconds: metric("process_cpu_seconds_total"),
    };
    report(
      "live-latency",
      metrics,
      `event produced (${KAFKA_CLIENT} producer) -> overview value received by each of ${log.connected} Socket.IO clients; ` +
        `latency per event from the all-time totals (see header); worker frame interval ${FRAME_INTERVAL_MS ?? 1000} ms, ` +
        `on average half of it is the wait for the next frame. Warm-up ${WARMUP_S} s and last ${TAIL_S} s excluded. ` +
        "Target p99 <= 1500 ms.",
    );
  } finally {
    await cleanup();
  }
}

const mode = process.argv[2];
if (mode === "web") void webMode();
else if (mode === "clients") void clientsMode();
else
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
