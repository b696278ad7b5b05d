/**
 * Start of a snapshot replay as a product lead sees it (issue 15: "instant" but ~25 s): from the
 * `POST /api/v1/replays {source: "snapshots"}` to the first replayed overview a dashboard socket
 * receives. Seeds a launch of live snapshots (two workers, one frame a second each, of the size
 * a full-scale worker's are: about 25 KB, see tests/support/full-scale-frames.ts) in a range of
 * its own, starts the real web server, signs in as an operator and measures: the POST (the
 * report over the range), the join (timeline and playback), and the first replayed overview
 * after Play (the position starts at the range's start, before its first snapshot).
 *
 * BENCH_SNAPSHOT_HOURS (default 5: the launch's 5 M orders) sets the length of the launch;
 * BENCH_SNAPSHOT_KEEP=1 keeps the snapshots for the next run (seeding 5 hours takes minutes).
 */
import { randomBytes } from "node:crypto";
import { createAuthStore } from "../adapters/db/auth-store";
import { createPool } from "../adapters/db/pool";
import { createPrisma } from "../adapters/db/prisma";
import { createKafka } from "../adapters/kafka/client";
import { ensureTopics, topicNames } from "../adapters/kafka/topics";
import { silentLogger } from "../adapters/log";
import { createLiveClient } from "../app/_lib/live-client";
import { ReplayCreatedResponseSchema } from "../core/api/replays";
import { hashPassword } from "../core/auth/password";
import { startWebServer } from "../server/web-server";
import { fullScale } from "../tests/support/full-scale-frames";
import { createLaunchFrames, fixtureShops } from "../tests/support/launch-frames";
import { benchEnv } from "./support/bench-env";
import { report } from "./support/machine";

const hours = Number(process.env.BENCH_SNAPSHOT_HOURS ?? 5);
const scrypt = { N: 1024, r: 8, p: 1 };

/** Live snapshots of a launch `hours` long from `startSec`, inserted in batches. */
async function seedLaunch(databaseUrl: string, startSec: number): Promise<number> {
  const frames = createLaunchFrames({ shops: fixtureShops(3000), ordersPerSec: 60 });
  const pool = createPool({ connectionString: databaseUrl, max: 1 });
  let n = 0;
  try {
    const seconds = hours * 3600;
    for (let s = 0; s < seconds; s += 600) {
      const batch = Array.from({ length: Math.min(600, seconds - s) }, (_, i) =>
        frames.framesAt(startSec + s + i + 1).map(fullScale),
      ).flat();
      await pool.query(
        `insert into frame_snapshots ("group", t, source, frame)
         select 'live', t, s, f from unnest($1::bigint[], $2::text[], $3::jsonb[]) as u(t, s, f)`,
        [
          batch.map((f) => f.watermark! / 1000),
          batch.map((f) => f.source),
          batch.map((f) => JSON.stringify(f)),
        ],
      );
      n += batch.length;
    }
  } finally {
    await pool.end();
  }
  return n;
}

async function main() {
  const { brokers, databaseUrl } = await benchEnv();
  const tag = randomBytes(3).toString("hex");
  // A range no live worker writes (April 2001), kept between runs with BENCH_SNAPSHOT_KEEP=1.
  const startSec = 987_811_200;
  const endSec = startSec + hours * 3600;
  const topics = topicNames(`lwbench.snapreplay.${tag}.`);
  const kafka = createKafka({ brokers, clientId: "bench-snapshot-replay" });
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, topics, 2);
  const pool = createPool({ connectionString: databaseUrl, max: 1 });
  const prisma = createPrisma(databaseUrl, { poolSize: 1 });
  const username = `bench-snap-${tag}`;
  const password = `pw-${username}-long-enough`;
  const t = Date.now();
  const have = await pool.query<{ n: string }>(
    `select count(*) as n from frame_snapshots
     where "group" = 'live' and t between $1 and $2 and frame ? 'byChainMade'`,
    [startSec, endSec],
  );
  let frames = Number(have.rows[0]!.n);
  if (frames !== hours * 3600 * 2) {
    await pool.query(`delete from frame_snapshots where "group" = 'live' and t between $1 and $2`, [
      startSec,
      endSec,
    ]);
    frames = await seedLaunch(databaseUrl, startSec);
    await pool.query("analyze frame_snapshots");
    console.error(`[bench] ${frames} snapshots seeded in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  const server = await startWebServer({
    port: 0,
    instanceId: `bench-snap-${tag}`,
    brokers,
    topics,
    partitions: 2,
    databaseUrl,
    next: { mode: "off" },
    logger: silentLogger,
    scryptCost: scrypt,
  });
  const client = { close() {} } as { close(): void };
  try {
    await server.framesReady();
    await createAuthStore(prisma).createUser({
      username,
      role: "operator",
      passwordHash: await hashPassword(password, scrypt),
      mustChangePassword: false,
    });
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username, password }),
    });
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
    // The dashboard's socket is connected before the click, as in the browser.
    const live = createLiveClient({ url: server.url, extraHeaders: { cookie }, transports: ["websocket"] });
    client.close = () => live.close();
    await new Promise<void>((resolve) => {
      const off = live.onConnection((i) => {
        if (i.state === "connected") {
          off();
          resolve();
        }
      });
      if (live.connection().state === "connected") resolve();
    });

    const t0 = Date.now();
    const cpu0 = process.cpuUsage();
    const r = await fetch(`${server.url}/api/v1/replays`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json", origin: server.url },
      body: JSON.stringify({
        name: `bench ${tag}`,
        source: "snapshots",
        from: startSec * 1000,
        to: (endSec + 1) * 1000,
      }),
    });
    if (r.status !== 201) throw new Error(`POST /api/v1/replays: ${r.status} ${await r.text()}`);
    const { replay } = ReplayCreatedResponseSchema.parse(await r.json());
    const tPost = Date.now();
    // The page reads the row, then joins and subscribes its overview.
    await fetch(`${server.url}/api/v1/replays/${replay.id}`, { headers: { cookie } });
    const tRow = Date.now();
    const joined = await live.joinReplay(replay.id);
    if (!joined.ok) throw new Error(`replay:join: ${joined.error}`);
    const tJoin = Date.now();
    // The position starts at the range's start, before its first snapshot: the lead presses Play.
    const played = await live.controlReplay(replay.id, { action: "play" });
    if (!played.ok) throw new Error(`replay:control: ${played.error}`);
    // As the replay page does: its views subscribe once the replay is joined.
    const tFirst = await new Promise<number>((resolve, reject) => {
      const late = setTimeout(() => reject(new Error("no replayed overview within 120 s")), 120_000);
      live.subscribe(
        { kind: "overview" },
        (s) => {
          if (!s.view) return;
          clearTimeout(late);
          resolve(Date.now());
        },
        replay.id,
      );
    });
    const cpu = process.cpuUsage(cpu0);
    const ms = {
      /** CPU of this process (the web server and the client) over the start: less noisy than wall time. */
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      postMs: tPost - t0,
      rowMs: tRow - tPost,
      joinMs: tJoin - tRow,
      firstViewAfterJoinMs: Math.max(0, tFirst - tJoin),
      totalMs: tFirst - t0,
    };
    console.error(`[bench] ${JSON.stringify(ms)}`);
    report(
      "snapshot-replay",
      { ...ms, snapshots: frames, hours },
      `snapshot replay of ${hours} h of live snapshots (${frames} frames, 2 workers per second): POST to the first replayed overview on a socket`,
    );
  } finally {
    client.close();
    await server.close();
    if (process.env.BENCH_SNAPSHOT_KEEP !== "1")
      await pool.query(`delete from frame_snapshots where "group" = 'live' and t between $1 and $2`, [
        startSec,
        endSec,
      ]);
    await pool.query(`delete from replays where name = $1`, [`bench ${tag}`]);
    await prisma.user.deleteMany({ where: { username } }).catch(() => {});
    await prisma.$disconnect();
    await pool.end();
    await admin.deleteTopics({ topics: Object.values(topics) }).catch(() => {});
    await admin.disconnect();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
