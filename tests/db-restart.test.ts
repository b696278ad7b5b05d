/**
 * A database restart mid-stream (`pg_ctl restart -m fast` of a PostgreSQL server of the test's
 * own: every connection gets 57P01 admin shutdown) leaves the worker, the notifier and the web
 * running, and the worker's totals exact: its flush is retried and fencing still holds. Before,
 * an idle connection's 'error' event on a pg pool killed the worker with a raw stack trace, and
 * the notifier exited when the connection holding its lock went.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKafka } from "../adapters/kafka/client";
import { ensureTopics } from "../adapters/kafka/topics";
import { migrateDeploy } from "../scripts/stack/migrate";
import { ensureDatabase } from "../scripts/stack/postgres";
import { testEnv } from "./support/env";
import { makeTestStream } from "./support/launch-events";
import { freePort } from "./support/ports";
import { type PrivatePostgres, startPrivatePostgres } from "./support/private-postgres";
import { type Child, startScript } from "./support/processes";
import { startTestWeb, type TestWeb } from "./support/web";
import {
  loadTestReference,
  produceLines,
  recount,
  storedCounts,
  storedProgress,
  waitFor,
} from "./support/worker-harness";

const env = testEnv();
const start = 1_770_343_200_000;
const lines = makeTestStream({ n: 20_000, start, seed: 11 });
const kafka = createKafka({ brokers: env.brokers });
const topics = env.topics("dbrestart");
const groupId = env.groupId("dbrestart");
const stream = `dbrestart-${env.runId}`;

let pg: PrivatePostgres;
let databaseUrl = "";
let workerPort = 0;
const children: Child[] = [];
let worker: Child;
let notifier: Child;
let web: TestWeb;

const alive = (c: Child) => c.process.exitCode === null && c.process.signalCode === null;

beforeAll(async () => {
  pg = await startPrivatePostgres();
  const url = new URL(pg.url);
  url.pathname = "/launchwatch";
  databaseUrl = url.toString();
  await ensureDatabase(databaseUrl);
  await migrateDeploy(databaseUrl);
  await loadTestReference(databaseUrl);
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, topics, 3);
  await admin.disconnect();
  workerPort = await freePort();
  const common = {
    KAFKA_BROKERS: env.brokers.join(","),
    DATABASE_URL: databaseUrl,
    LW_TOPIC_PREFIX: topics.prefix,
  };
  worker = startScript("workers/aggregator/main.ts", [], {
    ...common,
    LW_WORKER_GROUP: groupId,
    LW_STREAM: stream,
    LW_WORKER_ID: "dbrestart",
    LW_FLUSH_INTERVAL_MS: "200",
    LW_WORKER_METRICS_PORT: String(workerPort),
  });
  notifier = startScript("workers/notifier/main.ts", [], {
    ...common,
    LW_NOTIFIER_GROUP: env.groupId("dbrestart-notifier"),
    LW_NOTIFIER_LOCK: `dbrestart-${env.runId}`,
  });
  children.push(worker, notifier);
  web = await startTestWeb("dbrestart", { databaseUrl }, { topics });
}, 180_000);

afterAll(async () => {
  await Promise.all(children.map((c) => c.stop()));
  await web?.close();
  pg?.destroy();
});

describe("a database restart mid-stream", () => {
  it("is ridden out by worker, notifier and web, and the totals stay exact", async () => {
    const half = Math.floor(lines.length / 2);
    await produceLines(kafka, topics, lines.slice(0, half));
    await waitFor(async () => (await storedProgress(databaseUrl, groupId)) === half, {
      what: `the worker to store the first half (${worker.output().slice(-400)})`,
    });
    await waitFor(async () => notifier.output().includes("notifier running"), {
      what: "the notifier to lead",
    });

    // Restart while the second half streams in.
    const producing = produceLines(kafka, topics, lines.slice(half), 500);
    pg.restart();
    await producing;
    await waitFor(async () => (await storedProgress(databaseUrl, groupId).catch(() => 0)) === lines.length, {
      what: `the worker to store every message after the restart (${worker.output().slice(-600)})`,
    });

    expect(alive(worker)).toBe(true);
    expect(alive(notifier)).toBe(true);
    const expected = await recount(databaseUrl, lines, start);
    expect(Object.fromEntries(await storedCounts(databaseUrl, stream))).toEqual(Object.fromEntries(expected));

    // The worker reports ready again; the notifier leads again; the web answers from the database.
    await waitFor(async () => (await fetch(`http://127.0.0.1:${workerPort}/readyz`)).status === 200, {
      what: "the worker's /readyz",
    });
    await waitFor(async () => (notifier.output().match(/notifier running/g) ?? []).length >= 2, {
      what: `the notifier to lead again (${notifier.output().slice(-600)})`,
    });
    const user = await web.createUser("after-restart", "viewer");
    await waitFor(async () => (await web.signIn(user.username, user.password).catch(() => "")) !== "", {
      what: "the web to sign a user in after the restart",
    });
    expect(alive(worker) && alive(notifier)).toBe(true);
  });
});
