/**
 * Worker behind or producers late: the two look alike on a chart (the newest data is old) and
 * need opposite fixes. The real worker process reads API calls that the producers write 45 s
 * after their event time (a client buffering, say): its frames report a producer delay of about
 * 45 s with no consumer lag, and the status says "producers 45 s late", not "Behind". Then the
 * worker is held back (SIGSTOP) while the producers write on time: it reports consumer lag,
 * "Behind", and no producer delay of its own making.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createKafka } from "../adapters/kafka/client";
import { ensureTopics } from "../adapters/kafka/topics";
import { type Frame, FrameSchema } from "../core/frames/frame";
import { pipelineStatus } from "../core/pipeline/status";
import { seedReferenceData } from "../scripts/seed";
import { testEnv } from "./support/env";
import { type Child, startScript } from "./support/processes";
import { apiLine } from "./support/timed-lines";
import { waitFor } from "./support/wait";

const env = testEnv();
const kafka = createKafka({ brokers: env.brokers });
const topics = env.topics("producer-delay");
const endpoint = "POST /voucher/claim";
const frames: Array<{ frame: Frame; at: number }> = [];
let worker: Child;
let writing: NodeJS.Timeout | null = null;
const producer = kafka.producer();
let n = 0;

let throttle: NodeJS.Timeout | null = null;

/** Writes `per` API calls every 250 ms whose event time is `lateMs` before now. */
function produceEvery(lateMs: number, per = 20) {
  if (writing) clearInterval(writing);
  writing = setInterval(() => {
    const now = Date.now();
    const lines = Array.from({ length: per }, (_, i) =>
      apiLine(`pd-${n++}`, now - lateMs + Math.floor((i * 250) / per), endpoint),
    );
    void producer
      .send({ topic: topics.api, messages: lines.map((l) => ({ key: l.key, value: l.value })) })
      .catch(() => {});
  }, 250);
}

beforeAll(async () => {
  // The worker needs reference data (an existing seed is kept).
  await seedReferenceData(inject("databaseUrl"));
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, topics, 1);
  await admin.disconnect();
  await producer.connect();
  const consumer = kafka.consumer({ groupId: env.groupId("producer-delay-frames") });
  await consumer.connect();
  await consumer.subscribe({ topic: topics.frames, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      frames.push({ frame: FrameSchema.parse(JSON.parse(String(message.value))), at: Date.now() });
    },
  });
  worker = startScript("workers/aggregator/main.ts", [], {
    KAFKA_BROKERS: env.brokers.join(","),
    DATABASE_URL: env.databaseUrl,
    LW_TOPIC_PREFIX: topics.prefix,
    LW_WORKER_GROUP: env.groupId("producer-delay-agg"),
    LW_WORKER_ID: "pd-worker",
    LOG_LEVEL: "warn",
  });
}, 120_000);

afterAll(async () => {
  if (writing) clearInterval(writing);
  if (throttle) clearInterval(throttle);
  throttle = null;
  try {
    process.kill(worker.process.pid!, "SIGCONT");
  } catch {}
  await worker?.stop();
  await producer.disconnect();
});

/** The status the web would show for the worker's newest frame. */
const statusOf = (f: { frame: Frame; at: number }) =>
  pipelineStatus(
    [
      {
        source: f.frame.source,
        receivedAt: f.at,
        emittedAt: f.frame.emittedAt,
        watermark: f.frame.watermark,
        watermarkMovedAt: f.at,
        pipeline: f.frame.pipeline,
      },
    ],
    f.at,
  );

describe("event-time delay against the producers", () => {
  it("reports late producers as producer delay, with the worker caught up", async () => {
    produceEvery(45_000);
    const late = () =>
      frames.find(
        (f) =>
          f.at > Date.now() - 3000 &&
          (f.frame.pipeline?.producerDelaySeconds ?? 0) > 40 &&
          (f.frame.pipeline?.lagSeconds ?? 99) < 5,
      );
    await waitFor(async () => late() !== undefined, {
      timeoutMs: 90_000,
      what: "a frame with ~45 s of producer delay and no lag",
    }).catch((err) => {
      const last = frames[frames.length - 1]?.frame.pipeline;
      throw new Error(`${err.message}: last ${JSON.stringify(last)}; ${worker.output().slice(-1000)}`);
    });
    const f = late()!;
    const p = f.frame.pipeline!;
    console.log(
      `[producer-delay] late producers: producer delay ${p.producerDelaySeconds} s, lag ${p.lagSeconds} s, event delay ${p.partitions.map((x) => x.eventDelaySeconds).join("/")} s`,
    );
    expect(p.producerDelaySeconds).toBeLessThan(50);
    expect(statusOf(f)).toMatchObject({ state: "live", text: "Live · 1 worker · producers 45 s late" });
  }, 120_000);

  it("reports a held-back worker as consumer lag, not as producer delay", async () => {
    produceEvery(0);
    // The on-time records catch the partition up first.
    await waitFor(
      async () => {
        const p = frames[frames.length - 1]?.frame.pipeline;
        return p?.lagSeconds === 0 && (p.producerDelaySeconds ?? 99) < 3;
      },
      { timeoutMs: 60_000, what: "the worker caught up with on-time producers" },
    );
    // The worker gets 2 % of a core (20 ms of every second) while the producers write more.
    produceEvery(0, 400);
    const pid = worker.process.pid!;
    process.kill(pid, "SIGSTOP");
    throttle = setInterval(() => {
      process.kill(pid, "SIGCONT");
      setTimeout(() => throttle && process.kill(pid, "SIGSTOP"), 20).unref();
    }, 1000);
    const heldAt = Date.now();
    await waitFor(async () => frames.some((f) => f.at > heldAt && (f.frame.pipeline?.lagSeconds ?? 0) > 10), {
      timeoutMs: 90_000,
      what: "a frame reporting the lag",
    });
    const f = frames.find((x) => x.at > heldAt && (x.frame.pipeline?.lagSeconds ?? 0) > 10)!;
    const p = f.frame.pipeline!;
    console.log(
      `[producer-delay] held-back worker: lag ${p.lagSeconds} s, producer delay ${p.producerDelaySeconds} s`,
    );
    expect(p.producerDelaySeconds).not.toBeNull();
    // Under the status threshold (10 s): the status does not blame the producers.
    expect(p.producerDelaySeconds!).toBeLessThan(10);
    expect(statusOf(f).state).toBe("behind");
    expect(statusOf(f).text).not.toMatch(/producers/);
  }, 120_000);
});
