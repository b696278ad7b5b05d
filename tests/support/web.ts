/**
 * Starts the real web server in-process for a test: real Kafka topics unique to the test, the
 * run's migrated Postgres, port 0. Helpers create users and sign in over HTTP.
 */
import type { Kafka, Producer } from "kafkajs";
import { createAuthStore } from "../../adapters/db/auth-store";
import { createKafka } from "../../adapters/kafka/client";
import type { TopicNames } from "../../adapters/kafka/topics";
import { hashPassword } from "../../core/auth/password";
import type { Role } from "../../core/auth/roles";
import type { Frame } from "../../core/frames/frame";
import { startWebServer, type WebServer, type WebServerOptions } from "../../server/web-server";
import { type TestEnv, testEnv } from "./env";

/** Cheap scrypt for tests: hashing cost is not what they check. */
export const testScryptCost = { N: 1024, r: 8, p: 1 };

export interface TestWeb {
  env: TestEnv;
  server: WebServer;
  topics: TopicNames & { prefix: string };
  kafka: Kafka;
  producer: Producer;
  /** Publishes frames to the frames topic through the real broker. */
  publishFrames(frames: readonly Frame[]): Promise<void>;
  createUser(
    username: string,
    role: Role,
    password?: string,
  ): Promise<{ username: string; password: string }>;
  /** Signs in over HTTP; returns the `name=value` cookie to send. */
  signIn(username: string, password: string): Promise<string>;
  close(): Promise<void>;
}

export async function startTestWeb(
  label: string,
  options: Partial<WebServerOptions> = {},
  existing?: { topics: TopicNames & { prefix: string } },
): Promise<TestWeb> {
  const env = testEnv();
  const topics = existing?.topics ?? env.topics(label);
  const server = await startWebServer({
    port: 0,
    instanceId: `${label}-${Math.random().toString(36).slice(2, 8)}`,
    brokers: env.brokers,
    topics,
    partitions: 2,
    databaseUrl: env.databaseUrl,
    next: { mode: "off" },
    scryptCost: testScryptCost,
    ...options,
  });
  await server.framesReady();
  const kafka = createKafka({ brokers: env.brokers, clientId: `test-${label}` });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const store = createAuthStore(server.prisma);
  return {
    env,
    server,
    topics,
    kafka,
    producer,
    async publishFrames(frames) {
      await producer.send({
        topic: topics.frames,
        messages: frames.map((f) => ({ key: f.source, value: JSON.stringify(f) })),
      });
    },
    async createUser(username, role, password = `pw-${username}-long-enough`) {
      await store.createUser({
        username,
        role,
        passwordHash: await hashPassword(password, testScryptCost),
        mustChangePassword: false,
      });
      return { username, password };
    },
    async signIn(username, password) {
      const r = await fetch(`${server.url}/api/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username, password }),
      });
      if (r.status !== 200) throw new Error(`sign-in failed: ${r.status} ${await r.text()}`);
      const cookie = r.headers.get("set-cookie") ?? "";
      return cookie.split(";")[0]!;
    },
    async close() {
      await producer.disconnect().catch(() => {});
      await server.close();
    },
  };
}
