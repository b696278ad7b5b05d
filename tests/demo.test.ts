/**
 * `npm run demo` past the end of its simulated launch: the demo stays up, lets the worker finish,
 * says so and where to replay; the final totals in the frames equal the simulator's summary.
 * A short launch (10 simulated minutes at 2 % volume, as fast as it goes, no chaos mix) on the
 * run's own topics and database.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createAuthStore } from "../adapters/db/auth-store";
import { createPrisma } from "../adapters/db/prisma";
import { createKafka } from "../adapters/kafka/client";
import { hashPassword } from "../core/auth/password";
import type { Frame } from "../core/frames/frame";
import { FrameSchema } from "../core/frames/frame";
import { seedReferenceData } from "../scripts/seed";
import type { RunSummary } from "../simulator/run";
import { testEnv } from "./support/env";
import { freePort } from "./support/ports";
import { type Child, startScript } from "./support/processes";
import { waitFor } from "./support/wait";

const env = testEnv();
const prefix = env.topicPrefix("demo");
let demo: Child;
let lines: string[] = [];
let port = 0;

beforeAll(async () => {
  await seedReferenceData(inject("databaseUrl"), { force: true });
  port = await freePort();
  demo = startScript("scripts/demo.ts", [], {
    KAFKA_BROKERS: env.brokers.join(","),
    DATABASE_URL: env.databaseUrl,
    LW_TOPIC_PREFIX: prefix,
    LW_WORKER_GROUP: env.groupId("demo"),
    PORT: String(port),
    LW_DEMO_METRICS_PORT: String(await freePort()),
    LW_DEMO_SPEED: "max",
    LW_DEMO_DURATION: "10m",
    LW_DEMO_SCALE: "0.02",
    LW_DEMO_CHAOS: "0",
  });
  let buf = "";
  demo.process.stdout?.on("data", (d: Buffer) => {
    buf += d.toString();
    const parts = buf.split("\n");
    buf = parts.pop() ?? "";
    lines = lines.concat(parts);
  });
});

afterAll(async () => {
  await demo?.stop(20_000);
});

async function lastFrame(): Promise<Frame> {
  const kafka = createKafka({ brokers: env.brokers });
  const consumer = kafka.consumer({ groupId: env.groupId("demo-frames") });
  await consumer.connect();
  await consumer.subscribe({ topic: `${prefix}frames`, fromBeginning: true });
  const admin = kafka.admin();
  await admin.connect();
  const end = (await admin.fetchTopicOffsets(`${prefix}frames`)).reduce((n, p) => n + Number(p.high), 0);
  await admin.disconnect();
  let seen = 0;
  let last: Frame | null = null;
  await new Promise<void>((resolve) => {
    void consumer.run({
      eachMessage: async ({ message }) => {
        last = FrameSchema.parse(JSON.parse(String(message.value)));
        if (++seen >= end) resolve();
      },
    });
  });
  await consumer.disconnect();
  return last!;
}

describe("npm run demo after the simulated launch ends", () => {
  it("stays up, lets the worker finish and says where to replay", async () => {
    await waitFor(async () => lines.some((l) => l.includes("the simulated launch is over")), {
      timeoutMs: 240_000,
      what: `the demo to say the launch is over; output so far:\n${demo.output().slice(-3000)}`,
    });
    expect(
      lines.some((l) =>
        l.includes("[demo] the simulator finished; the dashboard, worker and notifier keep running"),
      ),
    ).toBe(true);
    expect(lines.some((l) => l.includes(`http://127.0.0.1:${port}/replays`))).toBe(true);
    // Still up well after the simulator exited.
    await new Promise((r) => setTimeout(r, 5000));
    expect(demo.process.exitCode).toBeNull();
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    expect(lines.some((l) => l.includes("stopping the demo"))).toBe(false);
  }, 300_000);

  it("ends with the totals of the simulator's summary", async () => {
    const line = lines.find((l) => l.startsWith('[simulator] {"type":"summary"'));
    expect(line).toBeDefined();
    const summary = JSON.parse(line!.slice("[simulator] ".length)) as RunSummary;
    expect(summary.status).toBe("completed");
    const f = await lastFrame();
    expect(f.totals.invalid).toBe(0);
    expect({
      ordersCreated: f.totals.ordersCreated,
      downloads: f.totals.downloads,
      apiRequests: f.totals.apiRequests,
    }).toEqual({
      ordersCreated: summary.orders.created,
      downloads: summary.downloads.install + summary.downloads.update + summary.downloads.invite,
      apiRequests: summary.api.requests,
    });
  });

  it("lets an operator start a replay of the whole launch from the dashboard afterwards", async () => {
    const prisma = createPrisma(env.databaseUrl, { poolSize: 1 });
    const username = `demo-op-${env.runId.slice(-6)}`;
    const password = `pw-${username}-long-enough`;
    try {
      await createAuthStore(prisma).createUser({
        username,
        role: "operator",
        passwordHash: await hashPassword(password),
        mustChangePassword: false,
      });
    } finally {
      await prisma.$disconnect();
    }
    const base = `http://127.0.0.1:${port}`;
    const json = { "content-type": "application/json", origin: base };
    const login = await fetch(`${base}/api/auth/login`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({ username, password }),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
    const started = await fetch(`${base}/api/v1/replays`, {
      method: "POST",
      headers: { ...json, cookie },
      body: JSON.stringify({ name: "the demo's launch", source: "snapshots" }),
    });
    expect(started.status).toBe(201);
    const { replay } = (await started.json()) as { replay: { id: string } };
    let last: unknown = null;
    await waitFor(
      async () => {
        const r = await fetch(`${base}/api/v1/replays/${replay.id}`, { headers: { cookie } });
        last = await r.json();
        return (last as { replay?: { status?: string } }).replay?.status === "done";
      },
      { timeoutMs: 60_000, what: `the replay to be done (last: ${JSON.stringify(last)})` },
    );
  }, 90_000);
});
