/** The stack works end to end: the real broker round-trips messages, Prisma reads what it wrote. */
import { afterAll, describe, expect, it } from "vitest";
import { createPrisma } from "../adapters/db/prisma";
import { createKafka } from "../adapters/kafka/client";
import { ensureTopics } from "../adapters/kafka/topics";
import { testEnv } from "./support/env";

const env = testEnv();

describe("foundation", () => {
  const prisma = createPrisma(env.databaseUrl);
  afterAll(() => prisma.$disconnect());

  it("produces to and consumes from the real broker", async () => {
    const kafka = createKafka({ brokers: env.brokers });
    const topics = env.topics("foundation");
    const admin = kafka.admin();
    await admin.connect();
    const created = await ensureTopics(admin, topics, 3);
    expect(created).toContain(topics.orders);
    // A second call creates nothing: topic creation is idempotent.
    expect(await ensureTopics(admin, topics, 3)).toEqual([]);
    await admin.disconnect();

    const producer = kafka.producer();
    await producer.connect();
    const sent = Array.from({ length: 500 }, (_, i) => ({ key: `shop-${i % 7}`, value: `order-${i}` }));
    await producer.send({ topic: topics.orders, messages: sent });
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId: env.groupId("foundation") });
    await consumer.connect();
    await consumer.subscribe({ topic: topics.orders, fromBeginning: true });
    const received: string[] = [];
    await new Promise<void>((resolve) => {
      consumer.run({
        eachMessage: async ({ message }) => {
          received.push(String(message.value));
          if (received.length === sent.length) resolve();
        },
      });
    });
    await consumer.disconnect();
    expect(received.sort()).toEqual(sent.map((m) => m.value).sort());
  });

  it("writes and reads Postgres through Prisma", async () => {
    // Ids far above any seeded shop; the test database is shared by the run's test files.
    const ids = [2_000_000_001, 2_000_000_002];
    try {
      await prisma.shop.createMany({
        data: [
          { id: ids[0]!, chain: "Heytea", city: "Shenzhen", capacityPerMinute: 3, weight: 10 },
          { id: ids[1]!, chain: "Luckin", city: "Xiamen", capacityPerMinute: 5, weight: 2 },
        ],
      });
      const rows = await prisma.shop.findMany({ where: { id: { in: ids } }, orderBy: { id: "asc" } });
      expect(rows.map((r) => [r.chain, r.capacityPerMinute])).toEqual([
        ["Heytea", 3],
        ["Luckin", 5],
      ]);
    } finally {
      await prisma.shop.deleteMany({ where: { id: { in: ids } } });
    }
  });
});
