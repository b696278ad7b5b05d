/**
 * The simulator CLI against the real broker: a consumer reads back exactly the messages the
 * simulator reports it sent, per topic, chaos included, with the contract's keys.
 */
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { createKafka } from "../adapters/kafka/client";
import { decodeEvent } from "../core/events";
import type { RunSummary } from "../simulator/run";
import { testEnv } from "./support/env";

const env = testEnv();

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], extraEnv: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "simulator/cli.ts", ...args], {
      env: { ...process.env, ...extraEnv },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("simulator CLI to Kafka", () => {
  it("sends exactly what it reports, per topic, keyed per the contract", async () => {
    const topics = env.topics("sim");
    const cli = await runCli(
      [
        "--speed",
        "max",
        "--duration",
        "20m",
        "--scale",
        "0.01",
        "--seed",
        "kafka",
        "--chaos",
        "--progress-ms",
        "500",
      ],
      { KAFKA_BROKERS: env.brokers.join(","), LW_TOPIC_PREFIX: topics.prefix, LW_PARTITIONS: "3" },
    );
    if (cli.code !== 0) throw new Error(`simulator exited ${cli.code}: ${cli.stderr}`);
    expect(cli.stderr).toMatch(/\[simulate\] .*sent [\d,]+/);
    const summary = JSON.parse(cli.stdout.trim().split("\n").at(-1)!) as RunSummary & {
      kafka: { topics: Record<string, string> };
    };
    expect(summary.status).toBe("completed");
    expect(summary.kafka.topics).toEqual({
      orders: topics.orders,
      downloads: topics.downloads,
      api: topics.api,
    });
    expect(summary.delivered[0]).toMatchObject({
      orders: summary.sent.orders,
      downloads: summary.sent.downloads,
      api: summary.sent.api,
    });
    expect(Object.values(summary.chaos!).every((n) => n > 0)).toBe(true);

    const kafka = createKafka({ brokers: env.brokers });
    const consumer = kafka.consumer({ groupId: env.groupId("sim"), maxBytes: 16 << 20 });
    await consumer.connect();
    await consumer.subscribe({ topics: [topics.orders, topics.downloads, topics.api], fromBeginning: true });
    const received = { orders: 0, downloads: 0, api: 0 };
    const role = { [topics.orders]: "orders", [topics.downloads]: "downloads", [topics.api]: "api" } as const;
    let undecodable = 0;
    const wrongKeys: string[] = [];
    const expected = summary.sent.total;
    let total = 0;
    const done = new Promise<void>((resolve) => {
      void consumer.run({
        eachBatch: async ({ batch }) => {
          const r = role[batch.topic]!;
          for (const m of batch.messages) {
            received[r]++;
            total++;
            const d = decodeEvent(m.value);
            if (!d.ok) {
              undecodable++;
              continue;
            }
            const e = d.event;
            const key = e.type === "order" ? String(e.shopId) : e.type === "download" ? e.userId : e.endpoint;
            if (String(m.key) !== key) wrongKeys.push(`${m.key} ${m.value}`);
          }
          if (total >= expected) resolve();
        },
      });
    });
    await Promise.race([done, new Promise((r) => setTimeout(r, 60_000))]);
    // Anything beyond what was reported would show up now.
    await new Promise((r) => setTimeout(r, 1500));
    await consumer.disconnect();

    expect(received).toEqual({
      orders: summary.sent.orders,
      downloads: summary.sent.downloads,
      api: summary.sent.api,
    });
    expect(undecodable).toBe(summary.chaos!.malformed);
    expect(wrongKeys.slice(0, 3)).toEqual([]);
  });

  it("names the flag when an argument is wrong", async () => {
    const cli = await runCli(["--scale", "0"], {});
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain("--scale");
    expect(cli.stderr).toContain("usage: npm run simulate");
  });
});
