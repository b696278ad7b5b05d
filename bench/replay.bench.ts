/**
 * Replay of a whole simulated launch from Kafka (issue: "a 9-hour launch at full scale replays
 * in at most 5 minutes"), measured in one run:
 *  1. the simulator produces the 9-hour launch (full scale by default) to fresh topics;
 *  2. the live path: aggregation workers in the live fashion consume it all (the reference totals);
 *  3. the replay: `runReplay` re-aggregates it from Kafka in its own consumer group.
 * Reports each phase's time and rate, the replay/live ratio, and whether the replayed totals
 * equal the live totals (every aggregate series summed).
 *
 * BENCH_REPLAY_SCALE (default 1) shrinks the launch; BENCH_REPLAY_WORKERS (default 2) sets the
 * processes of both the live run and the replay. BENCH_REPLAY_PREFIX reuses topics of an earlier
 * run (the simulator is skipped when they hold events) and BENCH_REPLAY_KEEP=1 keeps the topics,
 * so a full-scale launch is produced once and measured several times.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { replayStream } from "../adapters/db/replay-store";
import { createKafka } from "../adapters/kafka/client";
import { ensureTopics, topicNames } from "../adapters/kafka/topics";
import { silentLogger } from "../adapters/log";
import { runReplay } from "../workers/replay/run";
import { benchEnv, seedBenchReference } from "./support/bench-env";
import { report } from "./support/machine";

const scale = process.env.BENCH_REPLAY_SCALE ?? "1";
const workers = Number(process.env.BENCH_REPLAY_WORKERS ?? 2);
/** Processes of the replay alone (default: BENCH_REPLAY_WORKERS, as the live run). */
const replayWorkers = Number(process.env.BENCH_REPLAY_PROCESSES ?? workers);

function node(script: string, args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ["--import", "tsx", script, ...args], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    p.stdout.on("data", (d) => (out += d));
    p.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`${script} exited with ${code}`))));
  });
}

async function totals(databaseUrl: string, stream: string): Promise<Record<string, number>> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const { rows } = await c.query(
      `select series || '/' || key as k, sum(value)::bigint as v from metric_buckets where "group" = $1 group by 1 order by 1`,
      [stream],
    );
    return Object.fromEntries(rows.map((r) => [r.k, Number(r.v)]));
  } finally {
    await c.end();
  }
}

async function main() {
  const { brokers, databaseUrl } = await benchEnv();
  await seedBenchReference(databaseUrl);
  const prefix = process.env.BENCH_REPLAY_PREFIX ?? `benchreplay.${randomBytes(3).toString("hex")}.`;
  const keep = process.env.BENCH_REPLAY_KEEP === "1";
  const topics = topicNames(prefix);
  const kafka = createKafka({ brokers });
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, topics, 6);
  const env = {
    KAFKA_BROKERS: brokers.join(","),
    DATABASE_URL: databaseUrl,
    LW_TOPIC_PREFIX: prefix,
    LW_PARTITIONS: "6",
  };

  const logEnd = async (): Promise<number> => {
    // Right after the topics are created their leaders may not be elected yet.
    for (let attempt = 0; ; attempt++) {
      try {
        return (await admin.fetchTopicOffsets(topics.orders))
          .concat(await admin.fetchTopicOffsets(topics.api), await admin.fetchTopicOffsets(topics.downloads))
          .reduce((n, o) => n + Number(o.high), 0);
      } catch (err) {
        if (attempt >= 20) throw err;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  };
  const t = performance.now();
  let simSeconds = 0;
  let sim: { sent?: { total?: number }; total?: number } = {};
  if ((await logEnd()) === 0) {
    console.error(`[bench] simulating a 9-hour launch at scale ${scale} to ${prefix}...`);
    const simOut = await node(
      "simulator/cli.ts",
      ["--speed", "max", "--duration", "9h", "--scale", scale, "--progress-ms", "10000"],
      env,
    );
    simSeconds = (performance.now() - t) / 1000;
    sim = JSON.parse(simOut.trim().split("\n").at(-1)!);
  } else console.error(`[bench] reusing the events in ${prefix} (no simulator run)`);
  const events = await logEnd();
  if (process.env.BENCH_REPLAY_PRODUCE_ONLY === "1") {
    console.error(`[bench] produced ${events} events to ${prefix} in ${Math.round(simSeconds)} s`);
    await admin.disconnect();
    return;
  }

  // BENCH_REPLAY_LIVE_RUN names another live run over kept topics (a fresh live group).
  const liveRun = process.env.BENCH_REPLAY_LIVE_RUN ? `${process.env.BENCH_REPLAY_LIVE_RUN}.` : "";
  const liveGroup = `bench-live-${prefix}${liveRun}`;
  const liveStream = `bench-live-${prefix}${liveRun}`;
  // BENCH_REPLAY_SKIP_LIVE=1 (with BENCH_REPLAY_PREFIX): compare with the live totals stored by an
  // earlier run over the same topics; no live time then.
  const skipLive = process.env.BENCH_REPLAY_SKIP_LIVE === "1";
  const liveSeconds = skipLive ? Number.NaN : await runLive();
  async function runLive() {
    console.error(`[bench] live aggregation of ${events} events with ${workers} worker process(es)...`);
    const t = performance.now();
    const live = Array.from({ length: workers }, (_, i) =>
      spawn(process.execPath, ["--import", "tsx", "workers/aggregator/main.ts"], {
        env: {
          ...process.env,
          ...env,
          LW_WORKER_GROUP: liveGroup,
          LW_STREAM: liveStream,
          LW_WORKER_ID: `live-${i}`,
          LOG_LEVEL: "warn",
        },
        stdio: "inherit",
      }),
    );
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    for (;;) {
      const { rows } = await db.query(
        "select coalesce(sum(next_offset), 0)::bigint as n from consumer_offsets where group_id = $1",
        [liveGroup],
      );
      if (Number(rows[0].n) >= events) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const seconds = (performance.now() - t) / 1000;
    for (const p of live) p.kill("SIGTERM");
    await Promise.all(live.map((p) => new Promise((r) => p.once("exit", r))));
    await db.end();
    return seconds;
  }

  console.error("[bench] replay from Kafka...");
  const r = await runReplay(
    { name: `bench ${prefix}`, workers: replayWorkers },
    {
      kafka,
      topics,
      databaseUrl,
      childEnv: env,
      logger: silentLogger,
      timeoutMs: 60 * 60_000,
      // BENCH_REPLAY_CPU_PROF=DIR: a CPU profile of every re-aggregation process into DIR.
      childExecArgv: process.env.BENCH_REPLAY_CPU_PROF
        ? ["--cpu-prof", "--cpu-prof-dir", process.env.BENCH_REPLAY_CPU_PROF]
        : [],
    },
  );
  console.error(`[bench] replay phases (ms): ${JSON.stringify(r.timings)}`);
  for (const w of r.workers) {
    const s = w.stats;
    console.error(
      `[bench] replay process: cpu ${w.cpuMs} ms, consumed ${s.consumed}, flushes ${s.flushes} (${s.flushMs} ms, consuming waited ${s.flushWaitMs} ms), frames ${s.framesPublished} (${s.frameMs} ms)`,
    );
  }
  const [liveTotals, replayTotals] = await Promise.all([
    totals(databaseUrl, liveStream),
    totals(databaseUrl, replayStream(r.id)),
  ]);
  const equal = JSON.stringify(liveTotals) === JSON.stringify(replayTotals);
  const created = liveTotals["orders.status/created"] ?? 0;

  if (!keep) await admin.deleteTopics({ topics: Object.values(topics) }).catch(() => {});
  await admin.disconnect();
  report(
    "replay",
    {
      scale: Number(scale),
      events,
      ordersCreated: created,
      simulatorSeconds: Math.round(simSeconds),
      simulatorEventsPerSec: simSeconds ? Math.round(events / simSeconds) : 0,
      liveSeconds: Math.round(liveSeconds),
      replaySeconds: Math.round(r.ms / 1000),
      replayEventsPerSec: Math.round(events / (r.ms / 1000)),
      replayStartSeconds: Math.round(r.timings.startMs / 100) / 10,
      replayConsumeSeconds: Math.round(r.timings.consumeMs / 100) / 10,
      replayStopSeconds: Math.round(r.timings.stopMs / 100) / 10,
      replayReportSeconds: Math.round(r.timings.reportMs / 100) / 10,
      replayCpuSeconds: Math.round(r.workers.reduce((n, w) => n + w.cpuMs, 0) / 1000),
      replayToLiveTimeRatio: Math.round((r.ms / 1000 / liveSeconds) * 100) / 100,
      replayTotalsEqualLive: equal ? 1 : 0,
      workers,
      replayWorkers,
      simulatorReportedEvents: Number(sim.sent?.total ?? sim.total ?? 0),
    },
    `simulator at --speed max to 6-partition topics, then ${workers} live worker process(es), then runReplay with ${replayWorkers} process(es); totals compared over every metric series`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
