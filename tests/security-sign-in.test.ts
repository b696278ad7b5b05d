/**
 * Issue 16, High: the sign-in throttle. Guesses are counted before the password is verified,
 * per client address and per user, in Postgres (shared by every web process), and a throttled
 * user is delayed, not locked out. Clients are told apart by their loopback source address
 * (127.0.0.x), as a server sees different machines.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpFrom } from "./support/raw-http";
import { startTestWeb, type TestWeb } from "./support/web";

let a: TestWeb;
let b: TestWeb;

beforeAll(async () => {
  a = await startTestWeb("throttle-a");
  // A second web process on the same database: the throttle must be shared.
  b = await startTestWeb("throttle-b", {}, { topics: a.topics });
});

afterAll(async () => {
  await b?.close();
  await a?.close();
});

const login = (web: TestWeb, username: string, password: string, from: string) =>
  httpFrom(`${web.server.url}/api/auth/login`, {
    method: "POST",
    body: { username, password },
    localAddress: from,
  });

describe("sign-in throttle (issue 16)", () => {
  it("sign-in throttle counts parallel guesses before verifying: 200 concurrent guesses over two web processes, at most 5 checked", async () => {
    const u = await a.createUser(`guessed-${a.env.runId}`, "viewer");
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => login(i % 2 ? a : b, u.username, `guess-${i}`, "127.0.0.21")),
    );
    const statuses = results.map((r) => r.status);
    const checked = statuses.filter((s) => s === 401).length;
    expect(checked).toBeGreaterThan(0);
    expect(checked).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 429).length).toBe(200 - checked);
    const refused = results.find((r) => r.status === 429)!;
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
  });

  it("sign-in throttle backs off instead of locking out: the owner signs in from their own address while the account is being guessed", async () => {
    const u = await a.createUser(`sieged-${a.env.runId}`, "admin");
    for (let i = 0; i < 15; i++) await login(a, u.username, `guess-${i}`, "127.0.0.22");
    // The guesser is held back ...
    expect((await login(b, u.username, u.password, "127.0.0.22")).status).toBe(429);
    // ... the owner is not.
    const owner = await login(b, u.username, u.password, "127.0.0.23");
    expect(owner.status).toBe(200);
  });

  it("sign-in throttle limits one client address across usernames (password spraying)", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++)
      statuses.push((await login(a, `sprayed-${i}-${a.env.runId}`, "Winter2026!", "127.0.0.24")).status);
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(30).every((s) => s === 429)).toBe(true);
    // Another client is unaffected.
    const u = await a.createUser(`bystander-${a.env.runId}`, "viewer");
    expect((await login(a, u.username, u.password, "127.0.0.25")).status).toBe(200);
  });
});
