/**
 * Issue 16: session and password lifetimes (idle timeout, expiring one-time passwords, the
 * `__Host-` Secure cookie behind HTTPS) and the web's shutdown stopping its replay processes,
 * against real Postgres, Kafka and child processes.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createAuthStore, type Principal } from "../adapters/db/auth-store";
import { createPrisma } from "../adapters/db/prisma";
import { createSignInThrottleStore } from "../adapters/db/sign-in-throttle";
import { createAuthService } from "../server/auth/auth-service";
import { testEnv } from "./support/env";
import { waitFor } from "./support/wait";
import { startTestWeb, testScryptCost } from "./support/web";

const env = testEnv();
const run = Math.random().toString(36).slice(2, 7);

/** An auth service on the run's database with a clock the test moves. */
function authAt(clock: { now: number }, opts: { idleTimeoutMs?: number } = {}) {
  const prisma = createPrisma(env.databaseUrl, { poolSize: 2 });
  const store = createAuthStore(prisma);
  const auth = createAuthService({
    store,
    clock: () => clock.now,
    scryptCost: testScryptCost,
    throttle: createSignInThrottleStore(prisma, { clock: () => clock.now }),
    ...opts,
  });
  return { auth, prisma };
}

const admin: Principal = {
  userId: "00000000-0000-0000-0000-000000000000",
  username: "test-admin",
  role: "admin",
  mustChangePassword: false,
  credential: "session",
  credentialId: "test",
  expiresAt: null,
};

describe("session and password lifetimes (issue 16)", () => {
  it("the one-time password expires (72 h by default) instead of working forever", async () => {
    const clock = { now: Date.now() };
    const { auth, prisma } = authAt(clock);
    try {
      const u = await auth.createUser(admin, `otp-${run}`, "viewer");
      clock.now += 71 * 3600_000;
      await expect(auth.signIn(u.username, u.oneTimePassword, "127.0.0.31")).resolves.toMatchObject({
        principal: { mustChangePassword: true },
      });
      clock.now += 2 * 3600_000;
      await expect(auth.signIn(u.username, u.oneTimePassword, "127.0.0.31")).rejects.toThrow(/expired/);
    } finally {
      await prisma.$disconnect();
    }
  });

  it("a session has an idle timeout: unused for longer, it ends before its expiry", async () => {
    const clock = { now: Date.now() };
    const { auth, prisma } = authAt(clock, { idleTimeoutMs: 30 * 60_000 });
    try {
      const u = await auth.createUser(admin, `idle-${run}`, "viewer");
      const { secret } = await auth.signIn(u.username, u.oneTimePassword, "127.0.0.32");
      // Used every 20 minutes: stays.
      for (let i = 0; i < 4; i++) {
        clock.now += 20 * 60_000;
        expect(await auth.authenticate({ session: secret }), `use ${i}`).not.toBeNull();
      }
      // Then left alone for 31 minutes: ended, though its 12 hours are not up.
      clock.now += 31 * 60_000;
      expect(await auth.authenticate({ session: secret })).toBeNull();
    } finally {
      await prisma.$disconnect();
    }
  });

  it("behind an https public URL the session cookie is Secure and __Host- prefixed, and it works", async () => {
    const web = await startTestWeb("secure-cookie", { publicUrl: "https://lw.example.com" });
    try {
      const u = await web.createUser(`sec-${run}`, "viewer");
      const r = await fetch(`${web.server.url}/api/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: u.username, password: u.password }),
      });
      expect(r.status).toBe(200);
      const setCookie = r.headers.get("set-cookie")!;
      expect(setCookie).toMatch(/^__Host-lw_session=/);
      expect(setCookie).toMatch(/; Secure/);
      expect(setCookie).toMatch(/; Path=\//);
      expect(setCookie).not.toMatch(/Domain=/i);
      const cookie = setCookie.split(";")[0]!;
      expect((await fetch(`${web.server.url}/api/v1/me`, { headers: { cookie } })).status).toBe(200);
      // Writes from the public origin (the browser's, behind the proxy) are accepted.
      const r2 = await fetch(`${web.server.url}/api/auth/password`, {
        method: "POST",
        headers: { cookie, origin: "https://lw.example.com", "content-type": "application/json" },
        body: JSON.stringify({ currentPassword: u.password, newPassword: "another long passphrase" }),
      });
      expect(r2.status).toBe(204);
    } finally {
      await web.close();
    }
  });
});

/** Pids of processes whose environment names this replay. */
function replayProcesses(id: string): number[] {
  const out: number[] = [];
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      if (readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").includes(`LW_REPLAY_ID=${id}`))
        out.push(Number(pid));
    } catch {
      // Gone, or not ours to read.
    }
  }
  return out;
}

describe("shutdown (issue 16)", () => {
  it("shutdown of the web stops its replay child processes; their rows do not stay running", async () => {
    const web = await startTestWeb("replay-stop");
    let id = "";
    try {
      const op = await web.createUser(`stopper-${run}`, "operator");
      const cookie = await web.signIn(op.username, op.password);
      // Something to re-aggregate, so the replay is still running when the web stops.
      await web.producer.send({
        topic: web.topics.orders,
        messages: Array.from({ length: 50 }, (_, i) => ({ key: "1", value: `{"not":"an order ${i}"}` })),
      });
      const r = await fetch(`${web.server.url}/api/v1/replays`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie },
        body: JSON.stringify({ name: "stopped", source: "kafka", workers: 1 }),
      });
      expect(r.status).toBe(201);
      id = ((await r.json()) as { replay: { id: string } }).replay.id;
      await waitFor(() => replayProcesses(id).length > 0, { what: "the replay's process to start" });
    } finally {
      await web.close();
    }
    const prisma = createPrisma(env.databaseUrl, { poolSize: 1 });
    try {
      const row = await prisma.replay.findUnique({ where: { id } });
      expect(row?.status).toBe("failed");
      expect(row?.error).toMatch(/cancelled/);
    } finally {
      await prisma.$disconnect();
    }
    await waitFor(() => replayProcesses(id).length === 0, {
      what: "the replay's processes to end",
      timeoutMs: 5000,
    });
  });
});
