/**
 * The launch's own series on the web's /metrics, as a Prometheus server would read them: a
 * simulated launch (with the chaos mix: late, duplicate and malformed events) goes through a
 * real worker to the web; the test reads the same frames from Kafka, scrapes /metrics during
 * and after the launch, parses it with a Prometheus text-format parser and compares the figures
 * with the frames. Debian's promtool (`prometheus` package, installed by `npm test`'s set-up)
 * lints the scrape.
 */
import { spawnSync } from "node:child_process";
import type { Consumer } from "kafkajs";
import parsePrometheusText from "parse-prometheus-text-format";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { orderStatuses } from "../core/events/order";
import { combineFrames } from "../core/frames/combine";
import { type Frame, FrameSchema } from "../core/frames/frame";
import { seedReferenceData } from "../scripts/seed";
import { type Child, startScript } from "./support/processes";
import { waitFor } from "./support/wait";
import { startTestWeb, type TestWeb } from "./support/web";

const SHOPS = 20_000;
let web: TestWeb;
let consumer: Consumer;
const frames: Frame[] = [];
const children: Child[] = [];

interface Sample {
  value: number;
  labels: Record<string, string>;
}
interface Family {
  name: string;
  type: string;
  samples: Sample[];
}

async function scrape(): Promise<{ text: string; families: Map<string, Family> }> {
  const res = await fetch(`${web.server.url}/metrics`);
  expect(res.status).toBe(200);
  const text = await res.text();
  const families = new Map<string, Family>();
  for (const f of parsePrometheusText(text))
    families.set(f.name, {
      name: f.name,
      type: f.type,
      samples: (f.metrics ?? []).map((m) => ({ value: Number(m.value), labels: m.labels ?? {} })),
    });
  return { text, families };
}

/** The one sample of `name` whose labels include `labels` (the process's default labels aside). */
function value(families: Map<string, Family>, name: string, labels: Record<string, string> = {}) {
  const f = families.get(name);
  if (!f) return undefined;
  const s = f.samples.filter((m) => Object.entries(labels).every(([k, v]) => m.labels[k] === v));
  return s.length === 1 ? s[0]!.value : undefined;
}

/** The latest frame of each worker, combined as the web does. */
function latestView() {
  const latest = new Map<string, Frame>();
  for (const f of frames) latest.set(f.source, f);
  return combineFrames([...latest.values()]);
}

const sumSeconds = (pick: (s: Frame["seconds"][number]) => number) =>
  frames.reduce((n, f) => n + f.seconds.reduce((m, s) => m + pick(s), 0), 0);

beforeAll(async () => {
  // Forced: other test files load their own shop sets into the run's database.
  await seedReferenceData(inject("databaseUrl"), { force: true, shops: SHOPS });
  web = await startTestWeb("metrics");
  consumer = web.kafka.consumer({ groupId: web.env.groupId("metrics-frames") });
  await consumer.connect();
  await consumer.subscribe({ topic: web.topics.frames, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const f = FrameSchema.safeParse(JSON.parse(message.value?.toString() ?? "null"));
      if (f.success) frames.push(f.data);
    },
  });
  const env = {
    KAFKA_BROKERS: web.env.brokers.join(","),
    DATABASE_URL: web.env.databaseUrl,
    LW_TOPIC_PREFIX: web.topics.prefix,
    LOG_LEVEL: "warn",
  };
  children.push(
    startScript("workers/aggregator/main.ts", [], {
      ...env,
      LW_WORKER_GROUP: web.env.groupId("metrics-agg"),
      LW_WORKER_ID: "metrics-worker",
    }),
  );
  // The first 20 simulated minutes at 2 % of the volume, at 20x: the spike, about 60 s of wall time.
  children.push(
    startScript(
      "simulator/cli.ts",
      [
        ...["--speed", "20", "--duration", "20m", "--scale", "0.02", "--shops", String(SHOPS)],
        ...["--chaos", "--chaos-rate", "0.01", "--progress-ms", "0"],
      ],
      env,
    ),
  );
});

afterAll(async () => {
  for (const c of children) await c.stop();
  await consumer?.disconnect();
  await web?.close();
});

describe("business metrics on the web's /metrics", () => {
  it("during the launch: the business series, typed, with bounded labels, clean under promtool", async () => {
    const { text, families } = await waitFor(
      async () => {
        const s = await scrape();
        return (value(s.families, "launchwatch_orders_total", { status: "created" }) ?? 0) > 0 &&
          s.families.get("launchwatch_chain_orders_per_second")?.samples.length
          ? s
          : null;
      },
      { timeoutMs: 90_000, everyMs: 1000, what: "orders on /metrics" },
    );
    expect(children[1]!.process.exitCode).toBeNull(); // the launch is still being simulated
    const types: Record<string, string> = {
      launchwatch_orders_total: "COUNTER",
      launchwatch_api_requests_total: "COUNTER",
      launchwatch_api_errors_total: "COUNTER",
      launchwatch_events_late_total: "COUNTER",
      launchwatch_events_duplicate_total: "COUNTER",
      launchwatch_events_dead_lettered_total: "COUNTER",
      launchwatch_orders_per_second: "GAUGE",
      launchwatch_shops_over_capacity: "GAUGE",
      launchwatch_chain_orders_per_second: "GAUGE",
      launchwatch_chain_utilization_ratio: "GAUGE",
      launchwatch_city_orders_per_second: "GAUGE",
      launchwatch_city_utilization_ratio: "GAUGE",
      launchwatch_endpoint_requests_per_second: "GAUGE",
      launchwatch_endpoint_errors_per_second: "GAUGE",
      launchwatch_endpoint_utilization_ratio: "GAUGE",
      launchwatch_endpoint_latency_p99_seconds: "GAUGE",
      launchwatch_web_pipeline_lag_seconds: "GAUGE",
    };
    for (const [name, type] of Object.entries(types)) expect(families.get(name)?.type, name).toBe(type);
    for (const f of families.values()) {
      // One prefix (process_ and nodejs_ are prom-client's standard process metrics).
      expect(f.name, f.name).toMatch(/^(launchwatch_|process_|nodejs_)/);
      if (f.type === "COUNTER") expect(f.name).toMatch(/_total$/);
      else expect(f.name).not.toMatch(/_total$/);
      for (const s of f.samples) expect(Object.keys(s.labels), f.name).not.toContain("shop");
    }
    // Bounded: one series per chain and city of the reference data, not per shop.
    const chains = families.get("launchwatch_chain_orders_per_second")!.samples.length;
    expect(chains).toBeGreaterThan(3);
    expect(chains).toBeLessThan(50);
    // Three statuses (created, made, failed) for each of the reference data's 300 cities at most.
    expect(families.get("launchwatch_city_orders_per_second")!.samples.length).toBeLessThanOrEqual(3 * 300);
    expect(text).not.toMatch(/^lw_/m);

    const promtool = spawnSync("promtool", ["check", "metrics"], { input: text, encoding: "utf8" });
    expect(promtool.error, "promtool (Debian package prometheus; npm test installs it)").toBeUndefined();
    expect(`${promtool.stdout}${promtool.stderr}`).toBe("");
    expect(promtool.status).toBe(0);
  });

  it("after the launch: the counters equal the frames' seconds, the gauges the combined view", async () => {
    await waitFor(() => children[1]!.process.exitCode !== null, {
      timeoutMs: 180_000,
      everyMs: 1000,
      what: "the simulator to finish",
    });
    expect(children[1]!.process.exitCode).toBe(0);
    // The worker closes the last seconds after LW_IDLE_MS; wait until the web has what the frames have.
    const { families } = await waitFor(
      async () => {
        const s = await scrape();
        const made = sumSeconds((p) => p.orders.made);
        return made > 0 && value(s.families, "launchwatch_orders_total", { status: "made" }) === made
          ? s
          : null;
      },
      { timeoutMs: 60_000, everyMs: 1000, what: "orders made on /metrics to equal the frames'" },
    );
    for (const status of orderStatuses)
      expect(value(families, "launchwatch_orders_total", { status }), status).toBe(
        sumSeconds((p) => p.orders[status]),
      );
    const endpoints = new Set(frames.flatMap((f) => f.seconds.flatMap((s) => Object.keys(s.api))));
    expect(endpoints.size).toBeGreaterThan(2);
    for (const endpoint of endpoints) {
      expect(value(families, "launchwatch_api_requests_total", { endpoint }), endpoint).toBe(
        sumSeconds((p) => p.api[endpoint]?.requests ?? 0),
      );
      expect(value(families, "launchwatch_api_errors_total", { endpoint }), endpoint).toBe(
        sumSeconds((p) => p.api[endpoint]?.errors ?? 0),
      );
    }
    // The frames settle once the last seconds are closed; compare a scrape with the frames of the same moment.
    await waitFor(
      async () => {
        const { families: now } = await scrape();
        const view = latestView();
        const same = (a: number | undefined, b: number) => a !== undefined && Math.abs(a - b) < 1e-9;
        const checks = [
          same(value(now, "launchwatch_events_late_total"), view.totals.lateDropped),
          same(value(now, "launchwatch_events_duplicate_total"), view.totals.duplicates),
          same(
            value(now, "launchwatch_events_dead_lettered_total", { reason: "invalid" }),
            view.totals.invalid,
          ),
          same(value(now, "launchwatch_shops_over_capacity"), view.shopsOverCapacity),
          same(value(now, "launchwatch_orders_per_second", { status: "created" }), view.orders["1m"] / 60),
          ...Object.entries(view.byChain).map(([chain, c]) =>
            same(
              value(now, "launchwatch_chain_orders_per_second", { chain, status: "created" }),
              c["1m"] / 60,
            ),
          ),
          ...Object.entries(view.byChainMade).map(([chain, c]) =>
            same(value(now, "launchwatch_chain_orders_per_second", { chain, status: "made" }), c["1m"] / 60),
          ),
          ...Object.entries(view.byChainFailed).map(([chain, c]) =>
            same(
              value(now, "launchwatch_chain_orders_per_second", { chain, status: "failed" }),
              c["1m"] / 60,
            ),
          ),
          ...Object.entries(view.byCity).map(([city, c]) =>
            same(value(now, "launchwatch_city_orders_per_second", { city, status: "created" }), c["1m"] / 60),
          ),
          ...Object.entries(view.byCityMade).map(([city, c]) =>
            same(value(now, "launchwatch_city_orders_per_second", { city, status: "made" }), c["1m"] / 60),
          ),
          ...Object.entries(view.byCityFailed).map(([city, c]) =>
            same(value(now, "launchwatch_city_orders_per_second", { city, status: "failed" }), c["1m"] / 60),
          ),
          ...view.endpoints.map((e) =>
            same(
              value(now, "launchwatch_endpoint_latency_p99_seconds", { endpoint: e.endpoint }),
              e.p99 === null ? Number.NaN : e.p99 / 1000,
            ),
          ),
        ];
        return checks.every(Boolean);
      },
      { timeoutMs: 30_000, everyMs: 1000, what: "the gauges to equal the latest frames' view" },
    );
    // The chaos mix was there to be counted; made and failed per chain were there to compare.
    const view = latestView();
    expect(Object.keys(view.byChainMade).length).toBeGreaterThan(3);
    expect(Object.keys(view.byChainFailed).length).toBeGreaterThan(0);
    expect(Object.keys(view.byCityMade).length).toBeGreaterThan(3);
    expect(Object.keys(view.byCityFailed).length).toBeGreaterThan(0);
    console.log(
      `[metrics-business] /metrics = frames: ${sumSeconds((p) => p.orders.created)} orders created, ` +
        `${sumSeconds((p) => p.orders.made)} made, ${sumSeconds((p) => p.orders.failed)} failed, ` +
        `${endpoints.size} endpoints; late ${view.totals.lateDropped}, duplicates ${view.totals.duplicates}, ` +
        `invalid ${view.totals.invalid}; ${frames.length} frames`,
    );
    expect(view.totals.lateDropped + view.totals.duplicates).toBeGreaterThan(0);
    expect(view.totals.invalid).toBeGreaterThan(0);
  });
});
