/**
 * `npm run replay` as an operator runs it: progress on stderr (percent of the events, rate,
 * ETA) while the events are read, the report on stdout, and the address to open the result.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { createKafka } from "../adapters/kafka/client";
import { testEnv } from "./support/env";
import { makeTestStream } from "./support/launch-events";
import { npmRun } from "./support/processes";
import { ensureTestTopics } from "./support/topics";
import { loadTestReference, produceLines } from "./support/worker-harness";

const env = testEnv();
const kafka = createKafka({ brokers: env.brokers });
const topics = env.topics("replay-cli");
const lines = makeTestStream({ n: 20_000, start: 1_770_343_200_000, seed: 5 });

beforeAll(async () => {
  await loadTestReference(env.databaseUrl);
  await ensureTestTopics(kafka, topics, 3);
  await produceLines(kafka, topics, lines);
});

describe("npm run replay", () => {
  it("shows percent, rate and ETA while it runs, then the report and where to open it", async () => {
    const r = await npmRun("replay", ["--name", "cli"], {
      env: {
        KAFKA_BROKERS: env.brokers.join(","),
        DATABASE_URL: env.databaseUrl,
        LW_TOPIC_PREFIX: topics.prefix,
        LW_PUBLIC_URL: "https://launchwatch.example.com",
        LOG_LEVEL: "warn",
      },
      timeoutMs: 150_000,
    });
    expect(r.code, r.stderr).toBe(0);
    const progress = r.stderr.split("\n").filter((l) => l.startsWith("[replay] "));
    expect(progress.length, r.stderr).toBeGreaterThan(0);
    const total = lines.length.toLocaleString("en-US");
    for (const l of progress)
      expect(l).toMatch(
        new RegExp(
          `^\\[replay\\] \\d{1,3}\\.\\d % of ${total} events · (rate …|[\\d,]+ events/s) · (ETA unknown|ETA \\S+( s)?)$`,
        ),
      );
    expect(progress.at(-1)).toMatch(new RegExp(`^\\[replay\\] 100\\.0 % of ${total} events · .* · ETA 0 s$`));
    const report = JSON.parse(r.stdout.slice(r.stdout.indexOf("{"), r.stdout.lastIndexOf("}") + 1)) as {
      replay: string;
    };
    expect(r.stdout).toContain(
      `Open the result: https://launchwatch.example.com/replays/${report.replay}  (report: https://launchwatch.example.com/replays/${report.replay}/report)`,
    );
    console.log(`[replay-cli] progress lines: ${progress.join(" | ")}`);
  });
});
