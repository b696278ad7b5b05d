/**
 * The HTTP side of the web tier against real Postgres and Kafka: refusal of unauthenticated
 * requests, sign-in and the first-run admin, roles, API tokens, history from snapshots, shop
 * search, and the observability endpoints.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shopLoad } from "./support/frame-factory";
import { frameAt } from "./support/frame-stream";
import { startTestWeb, type TestWeb } from "./support/web";

let web: TestWeb;
let url: string;

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: "POST",
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(body),
});

beforeAll(async () => {
  web = await startTestWeb("api");
  url = web.server.url;
  // Runs share one database: ids far from anyone else's.
  await web.server.prisma.shop.createMany({
    data: [
      { id: 910_001, chain: "Heytea", city: "Shenzhen", capacityPerMinute: 3, weight: 1e6 + 3 },
      { id: 910_002, chain: "Heytea", city: "Guangzhou", capacityPerMinute: 4, weight: 1e6 + 2 },
      { id: 910_003, chain: "Nayuki", city: "Shenzhen", capacityPerMinute: 5, weight: 1e6 + 1 },
    ],
    skipDuplicates: true,
  });
});

afterAll(() => web?.close());

describe("web API", () => {
  it("refuses unauthenticated API requests and sends pages to sign-in", async () => {
    for (const path of [
      "/api/v1/me",
      "/api/v1/history",
      "/api/v1/shops?q=1",
      "/api/v1/endpoints",
      "/api/v1/overview",
    ]) {
      const r = await fetch(url + path);
      expect(r.status, path).toBe(401);
    }
    const forged = await fetch(`${url}/api/v1/shops?q=1`, { headers: { authorization: "Bearer lwt_nope" } });
    expect(forged.status).toBe(401);
    const page = await fetch(`${url}/shops/910001?range=live`, { redirect: "manual" });
    expect(page.status).toBe(302);
    expect(page.headers.get("location")).toBe(
      `/login?next=${encodeURIComponent("/shops/910001?range=live")}`,
    );
    expect((await fetch(`${url}/`, { redirect: "manual" })).headers.get("location")).toBe("/login");
  });

  it("creates the first admin with a one-time password that must be changed", async () => {
    // The run's database may already hold users from other files; the rule is tested on its own store.
    const { createAuthService } = await import("../server/auth/auth-service");
    const { createAuthStore } = await import("../adapters/db/auth-store");
    const store = createAuthStore(web.server.prisma);
    const empty = { ...store, countUsers: async () => 0 };
    const auth = createAuthService({ store: empty, scryptCost: { N: 1024, r: 8, p: 1 } });
    const admin = await auth.ensureAdmin(`admin-${Date.now().toString(36)}`);
    expect(admin?.oneTimePassword).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    expect(await createAuthService({ store }).ensureAdmin()).toBeNull();

    const login = await fetch(
      `${url}/api/auth/login`,
      json({ username: admin!.username, password: admin!.oneTimePassword }),
    );
    expect(login.status).toBe(200);
    expect(((await login.json()) as { user: { mustChangePassword: boolean } }).user.mustChangePassword).toBe(
      true,
    );
    const setCookie = login.headers.get("set-cookie")!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    const cookie = setCookie.split(";")[0]!;

    // Until the password is changed, only the password change works.
    expect((await fetch(`${url}/api/v1/shops?q=Heytea`, { headers: { cookie } })).status).toBe(403);
    const page = await fetch(`${url}/`, { headers: { cookie }, redirect: "manual" });
    expect(page.headers.get("location")).toBe("/password");
    const weak = await fetch(
      `${url}/api/auth/password`,
      json({ currentPassword: admin!.oneTimePassword, newPassword: "short" }, { cookie }),
    );
    expect(weak.status).toBe(400);
    const changed = await fetch(
      `${url}/api/auth/password`,
      json({ currentPassword: admin!.oneTimePassword, newPassword: "a long enough passphrase" }, { cookie }),
    );
    expect(changed.status).toBe(204);
    expect((await fetch(`${url}/api/v1/shops?q=Heytea`, { headers: { cookie } })).status).toBe(200);
    // The one-time password no longer works.
    expect(
      (
        await fetch(
          `${url}/api/auth/login`,
          json({ username: admin!.username, password: admin!.oneTimePassword }),
        )
      ).status,
    ).toBe(401);

    // The admin creates an operator, who also gets a one-time password.
    const created = await fetch(
      `${url}/api/v1/users`,
      json({ username: "API-Operator", role: "operator" }, { cookie }),
    );
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ username: "api-operator", role: "operator" });
  });

  it("rejects wrong passwords, throttles guessing, and signs out", async () => {
    const u = await web.createUser("api-viewer", "viewer");
    expect(
      (await fetch(`${url}/api/auth/login`, json({ username: u.username, password: "wrong" }))).status,
    ).toBe(401);
    expect(
      (await fetch(`${url}/api/auth/login`, json({ username: "nobody", password: "wrong" }))).status,
    ).toBe(401);
    expect((await fetch(`${url}/api/auth/login`, json({ username: u.username }))).status).toBe(400);
    expect((await fetch(`${url}/api/auth/login`, { method: "POST", body: "username=a" })).status).toBe(415);

    const cookie = await web.signIn(u.username, u.password);
    const me = await fetch(`${url}/api/v1/me`, { headers: { cookie } });
    expect(await me.json()).toMatchObject({ username: "api-viewer", role: "viewer", credential: "session" });
    // Viewers cannot manage users or mint tokens.
    expect((await fetch(`${url}/api/v1/users`, { headers: { cookie } })).status).toBe(403);
    expect((await fetch(`${url}/api/v1/tokens`, json({ name: "x" }, { cookie }))).status).toBe(403);
    // A cookie-authenticated write from another site is refused.
    expect(
      (
        await fetch(
          `${url}/api/auth/password`,
          json(
            { currentPassword: u.password, newPassword: "another long passphrase" },
            { cookie, origin: "https://evil.example" },
          ),
        )
      ).status,
    ).toBe(403);

    expect((await fetch(`${url}/api/auth/logout`, { method: "POST", headers: { cookie } })).status).toBe(204);
    expect((await fetch(`${url}/api/v1/me`, { headers: { cookie } })).status).toBe(401);

    const g = await web.createUser("api-guessed", "viewer");
    for (let i = 0; i < 5; i++)
      await fetch(`${url}/api/auth/login`, json({ username: g.username, password: `guess-${i}` }));
    const blocked = await fetch(
      `${url}/api/auth/login`,
      json({ username: g.username, password: g.password }),
    );
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("issues API tokens that work for the API, not above the owner's role, and stop when revoked", async () => {
    const op = await web.createUser("api-tokens", "operator");
    const cookie = await web.signIn(op.username, op.password);
    expect(
      (await fetch(`${url}/api/v1/tokens`, json({ name: "too much", role: "admin" }, { cookie }))).status,
    ).toBe(403);
    const r = await fetch(
      `${url}/api/v1/tokens`,
      json({ name: "grafana", role: "viewer", expiresInDays: 1 }, { cookie }),
    );
    expect(r.status).toBe(201);
    const t = (await r.json()) as { token: string; id: string; role: string };
    expect(t.token.startsWith("lwt_")).toBe(true);
    expect(t.role).toBe("viewer");
    const auth = { authorization: `Bearer ${t.token}` };
    expect((await fetch(`${url}/api/v1/shops?q=910001`, { headers: auth })).status).toBe(200);
    // A token cannot mint tokens or open dashboard pages.
    expect((await fetch(`${url}/api/v1/tokens`, json({ name: "child" }, auth))).status).toBe(403);
    expect((await fetch(`${url}/`, { headers: auth, redirect: "manual" })).status).toBe(302);
    const listed = (await (await fetch(`${url}/api/v1/tokens`, { headers: { cookie } })).json()) as {
      tokens: Array<{ id: string; name: string }>;
    };
    expect(listed.tokens.map((x) => x.name)).toContain("grafana");
    expect(JSON.stringify(listed)).not.toContain(t.token);
    expect(
      (await fetch(`${url}/api/v1/tokens/${t.id}`, { method: "DELETE", headers: { cookie } })).status,
    ).toBe(204);
    expect((await fetch(`${url}/api/v1/shops?q=910001`, { headers: auth })).status).toBe(401);
  });

  it("searches shops by id and by chain and city words, busiest first", async () => {
    const u = await web.createUser("api-search", "viewer");
    const cookie = await web.signIn(u.username, u.password);
    const search = async (q: string) =>
      (
        (await (
          await fetch(`${url}/api/v1/shops?q=${encodeURIComponent(q)}&limit=50`, { headers: { cookie } })
        ).json()) as {
          shops: Array<{ id: number }>;
        }
      ).shops.map((s) => s.id);
    expect(await search("910002")).toEqual([910_002]);
    const hs = await search("heytea shenzhen");
    expect(hs).toContain(910_001);
    expect(hs).not.toContain(910_002);
    expect(hs).not.toContain(910_003);
    expect((await search("Shenzhen")).filter((id) => id >= 910_000)).toEqual([910_001, 910_003]);
    expect(await search("")).toEqual([]);
    const one = await fetch(`${url}/api/v1/shops/910003`, { headers: { cookie } });
    expect(await one.json()).toMatchObject({ shop: { id: 910_003, chain: "Nayuki", capacityPerMin: 5 } });
    expect((await fetch(`${url}/api/v1/shops/99999999`, { headers: { cookie } })).status).toBe(404);
    expect((await fetch(`${url}/api/v1/shops?limit=5000`, { headers: { cookie } })).status).toBe(400);
  });

  it("serves history from frame snapshots, combined across workers and downsampled", async () => {
    const u = await web.createUser("api-history", "viewer");
    const cookie = await web.signIn(u.username, u.password);
    const group = `test-${web.env.runId}`;
    const t0 = 1_800_000_000;
    const rows = [];
    for (let i = 0; i < 700; i++) {
      for (const source of ["w1", "w2"]) {
        const f = frameAt(t0 + i, {
          source,
          watchedShops: source === "w1" ? [shopLoad(910_001, { ratePerMin: i % 10 })] : [],
        });
        rows.push({ group, t: BigInt(t0 + i), source, frame: JSON.parse(JSON.stringify(f)) });
      }
    }
    await web.server.prisma.frameSnapshot.createMany({ data: rows });

    const get = async (q: string) => {
      const r = await fetch(`${url}/api/v1/history?group=${group}&${q}`, { headers: { cookie } });
      expect(r.status).toBe(200);
      return (await r.json()) as {
        step: number;
        resolution: string;
        overview: Array<{ t: number; orders: number }>;
        endpoints: Record<string, Array<{ requests: number; p99: number | null }>>;
        shops: Record<string, Array<{ ratePerMin: number }>>;
      };
    };
    // 5 minutes: exact seconds, both workers summed.
    const short = await get(`from=${t0 + 100}&to=${t0 + 399}&shopId=910001`);
    expect(short.resolution).toBe("1s");
    expect(short.overview).toHaveLength(300);
    expect(short.overview[0]).toMatchObject({ t: t0 + 100, orders: 20 });
    expect(short.endpoints["POST /voucher/claim"]![0]).toMatchObject({ requests: 200, p99: 450 });
    expect(short.shops["910001"]).toHaveLength(300);
    // The whole range in at most 100 points: 7 s buckets, rates from the 10 s windows.
    const long = await get(`from=${t0}&to=${t0 + 699}&maxPoints=100`);
    expect(long.step).toBe(7);
    expect(long.resolution).toBe("10s");
    expect(long.overview.length).toBeLessThanOrEqual(100);
    expect(long.overview.length).toBeGreaterThan(90);
    expect(long.overview[10]!.orders).toBe(20);
    // ISO dates work too; a malformed one is refused.
    const iso = await get(
      `from=${new Date((t0 + 10) * 1000).toISOString()}&to=${new Date((t0 + 19) * 1000).toISOString()}`,
    );
    expect(iso.overview).toHaveLength(10);
    expect((await fetch(`${url}/api/v1/history?from=yesterday`, { headers: { cookie } })).status).toBe(400);
    // A span as a duration is the same as in seconds (core/time/duration.ts).
    const spanned = await get(`to=${t0 + 399}&span=5m&shopId=910001`);
    expect(spanned).toEqual(await get(`to=${t0 + 399}&span=300&shopId=910001`));
    expect(spanned.overview.at(-1)?.t).toBe(t0 + 399);
    expect((await fetch(`${url}/api/v1/history?span=5 minutes`, { headers: { cookie } })).status).toBe(400);
  });

  it("answers /healthz, /readyz and /metrics", async () => {
    const h = await fetch(`${url}/healthz`);
    expect(h.status).toBe(200);
    const ready = await fetch(`${url}/readyz`);
    const body = (await ready.json()) as { status: string; checks: Array<{ name: string; ok: boolean }> };
    expect(ready.status).toBe(200);
    expect(body.checks.map((c) => [c.name, c.ok])).toEqual([
      ["kafka", true],
      ["postgres", true],
      ["dashboard", true],
    ]);
    await web.publishFrames([frameAt(Math.floor(Date.now() / 1000))]);
    await new Promise((r) => setTimeout(r, 500));
    const text = await (await fetch(`${url}/metrics`)).text();
    expect(text).toMatch(
      /launchwatch_web_frames_received_total\{result="ok",process="web",instance="[^"]+"\} [1-9]/,
    );
    expect(text).toContain("launchwatch_web_connected_sockets");
    expect(text).toContain("process_cpu_seconds_total");
  });
});
