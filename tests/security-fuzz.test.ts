/**
 * Issue 16: fuzzing every HTTP route and every socket event of the real web server with random
 * and hostile input (fast-check), as an anonymous client, a viewer and an operator. What must
 * hold whatever arrives: the process keeps serving, no 5xx, a caller lacking a route's role gets
 * 401/403 and nothing else, and anonymous callers and viewers change nothing in the database.
 */
import fc from "fast-check";
import pg from "pg";
import { io as ioClient, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Role, roleAtLeast } from "../core/auth/roles";
import { defaultThrottlePolicy } from "../core/auth/sign-in-throttle";
import type { Access } from "../server/http/route";
import { httpFrom, rawRequest } from "./support/raw-http";
import { waitFor } from "./support/wait";
import { startTestWeb, type TestWeb } from "./support/web";

/** Every fuzzed request comes from its own loopback address, so its sign-in guesses do not throttle other tests. */
const from = "127.0.0.40";
const runs = 150;

let web: TestWeb;
let url: string;
const cookies: Record<"viewer" | "operator", string> = { viewer: "", operator: "" };
const sockets: Socket[] = [];
type Who = "anonymous" | "viewer" | "operator";

const generous = { free: 1_000_000, baseMs: 1, maxMs: 1, resetMs: 1 };

beforeAll(async () => {
  web = await startTestWeb("fuzz", {
    signInThrottle: {
      ...defaultThrottlePolicy,
      perAddress: generous,
      perUserAddress: generous,
      perUser: generous,
    },
  });
  url = web.server.url;
  for (const role of ["viewer", "operator"] as const) {
    const u = await web.createUser(`fuzz-${role}-${web.env.runId}`, role);
    cookies[role] = await web.signIn(u.username, u.password);
  }
});

afterAll(async () => {
  for (const s of sockets) s.close();
  await web?.close();
});

/** What anonymous callers and viewers must never change. */
async function writableState(): Promise<string> {
  const db = new pg.Client({ connectionString: web.env.databaseUrl });
  await db.connect();
  try {
    const tables: Record<string, string> = {
      users: "username || role || coalesce(disabled_at::text, '') || password_hash || must_change_password",
      api_tokens: "id::text || role || coalesce(revoked_at::text, '')",
      sessions: "id::text",
      alert_rules: "id || definition::text || source",
      silences: "id::text || ends_at::text",
      alert_acks: "alert_id || at::text",
      replays: "id || status",
    };
    const out: string[] = [];
    for (const [t, expr] of Object.entries(tables)) {
      const { rows } = await db.query<{ h: string | null }>(
        `select md5(string_agg(${expr}, ',' order by ${expr})) as h from ${t}`,
      );
      out.push(`${t}:${rows[0]?.h ?? "empty"}`);
    }
    return out.join("\n");
  } finally {
    await db.end();
  }
}

const hostileText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.fullUnicodeString({ maxLength: 20 }),
  fc.constantFrom(
    "",
    "..",
    "../../etc/passwd",
    "\u0000",
    "<script>alert(1)</script>",
    "' or 1=1 --",
    "${jndi:ldap://x}",
    '=HYPERLINK("http://evil")',
    "a".repeat(5000),
    "910001",
    "-1",
    "1e309",
    "NaN",
    "admin",
    "zzzz1",
    "00000000-0000-0000-0000-000000000000",
    "__proto__",
    "constructor",
  ),
  fc.uuid(),
  fc.nat().map(String),
);

/** A path for `pattern` with its `:params` filled (encoded, or raw hostile escapes). */
const pathFor = (pattern: string) =>
  fc
    .tuple(
      ...pattern.split("/").map((seg) =>
        seg.startsWith(":")
          ? fc.oneof(
              hostileText.map((t) => encodeURIComponent(t) || "x"),
              fc.constantFrom("%E0%A4%A", "%2e%2e", "%2F..%2F", "%00"),
            )
          : fc.constant(seg),
      ),
    )
    .map((segs) => segs.join("/"));

const query = fc
  .array(
    fc.tuple(
      fc.oneof(
        fc.constantFrom(
          "from",
          "to",
          "span",
          "maxPoints",
          "shopId",
          "group",
          "q",
          "limit",
          "active",
          "state",
          "rule",
          "since",
        ),
        fc.string({ maxLength: 8 }),
      ),
      hostileText,
    ),
    { maxLength: 4 },
  )
  .map((kv) => (kv.length ? `?${new URLSearchParams(kv).toString()}` : ""));

const json = fc.oneof(
  fc.anything({ maxDepth: 3 }),
  fc.record(
    {
      username: hostileText,
      password: hostileText,
      currentPassword: hostileText,
      newPassword: hostileText,
      role: fc.constantFrom("viewer", "operator", "admin", "root", ""),
      disabled: fc.boolean(),
      matchers: fc.array(hostileText, { maxLength: 3 }),
      endsAt: fc.oneof(fc.integer(), hostileText),
      comment: hostileText,
      expiresInDays: fc.oneof(fc.integer(), fc.constant(null)),
      control: fc.anything({ maxDepth: 2 }),
    },
    { requiredKeys: [] },
  ),
);

const body = fc.oneof(
  json.map((j) => ({ type: "application/json", text: JSON.stringify(j) ?? "null" })),
  fc.string({ maxLength: 200 }).map((text) => ({ type: "application/json", text })),
  fc.constant({ type: "application/json", text: `"${"x".repeat(70 * 1024)}"` }),
  fc.string({ maxLength: 50 }).map((text) => ({ type: "text/plain", text })),
);

const roleOf: Record<Who, Role | null> = { anonymous: null, viewer: "viewer", operator: "operator" };
function allowed(who: Who, access: Access): boolean {
  const role = roleOf[who];
  if (access === "public") return true;
  if (role === null) return false;
  return access === "signed-in" || roleAtLeast(role, access);
}

describe("fuzz: every HTTP route (issue 16)", () => {
  it("lists the routes it fuzzes", () => {
    expect(web.server.routes.length).toBeGreaterThan(25);
  });

  for (const who of ["anonymous", "viewer", "operator"] as const) {
    it(`as ${who}: random and hostile requests to every route never crash, never 5xx, never pass a role check they lack`, async () => {
      const before = who === "operator" ? null : await writableState();
      // Signing out or changing the password would end the fuzzing principal's own session.
      const routes = web.server.routes.filter(
        (r) => who === "anonymous" || !["/api/auth/logout", "/api/auth/password"].includes(r.pattern),
      );
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...routes).chain((r) => fc.tuple(fc.constant(r), pathFor(r.pattern), query, body)),
          async ([r, path, q, b]) => {
            const hasBody = r.method !== "GET";
            const res = await httpFrom(`${url}${path}${q}`, {
              method: r.method,
              localAddress: from,
              headers: {
                ...(who === "anonymous" ? {} : { cookie: cookies[who] }),
                ...(hasBody ? { "content-type": b.type } : {}),
              },
              ...(hasBody ? { body: b.text } : {}),
            });
            const what = `${who} ${r.method} ${path}${q} -> ${res.status} ${res.text.slice(0, 200)}`;
            expect(res.status, what).toBeGreaterThanOrEqual(200);
            expect(res.status, what).toBeLessThan(500);
            // A path that matches no route (a param that is not valid %-encoding, or `%2e%2e` that
            // the URL parser resolves to another path) is refused before any handler runs.
            const unrouted =
              (res.status === 404 && res.text.includes("no API route")) ||
              (res.status === 405 && res.text.includes("not allowed here"));
            if (!allowed(who, r.access) && !unrouted) expect([401, 403], what).toContain(res.status);
          },
        ),
        { numRuns: runs },
      );
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      if (before !== null) expect(await writableState()).toBe(before);
    });
  }

  it("raw request lines and headers no parser expects never crash the process", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 60 }),
          fc.constantFrom(
            "http://[",
            "http://[::1",
            "//",
            "/%",
            "*",
            "/api/%zz",
            "http://a:99999/x",
            "/\\\\evil",
          ),
        ),
        fc.constantFrom("GET", "POST", "DELETE", "PUT", "OPTIONS", "BREW"),
        async (target, method) => {
          const reply = await rawRequest(
            url,
            `${method} ${target} HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{}`,
            1500,
          );
          // Either an HTTP answer below 500, or the parser's own refusal (connection closed).
          const status = /^HTTP\/1\.1 (\d{3})/.exec(reply)?.[1];
          if (status) expect(Number(status), `${method} ${target}`).toBeLessThan(500);
        },
      ),
      { numRuns: 100 },
    );
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });
});

describe("fuzz: every socket event (issue 16)", () => {
  const events = ["subscribe", "unsubscribe", "replay:join", "replay:leave", "replay:control"] as const;

  async function connect(who: Who) {
    const s = ioClient(url, {
      transports: ["websocket"],
      reconnection: false,
      extraHeaders: who === "anonymous" ? {} : { cookie: cookies[who] },
    });
    sockets.push(s);
    const box = { connected: false, error: null as string | null };
    s.on("connect", () => (box.connected = true));
    s.on("disconnect", () => (box.connected = false));
    s.on("connect_error", (e) => (box.error = e.message));
    await waitFor(() => box.connected || box.error, { what: `${who} socket handshake` });
    return { s, box };
  }

  it("an anonymous socket is refused at the handshake", async () => {
    const { box } = await connect("anonymous");
    expect(box.connected).toBe(false);
    expect(box.error).toBe("unauthorized");
  });

  for (const who of ["viewer", "operator"] as const) {
    it(`as ${who}: random and hostile payloads on every event keep the server up and the socket open; a viewer never steers a playback`, async () => {
      const { s, box } = await connect(who);
      const payload = fc.oneof(
        fc.anything({ maxDepth: 3 }),
        fc.record(
          {
            view: fc.oneof(
              fc.anything({ maxDepth: 2 }),
              fc.record({
                kind: fc.constantFrom("overview", "shop", "endpoint", "chain", "city", "alerts", "nope"),
                shopId: fc.oneof(fc.integer(), hostileText),
                endpoint: hostileText,
              }),
            ),
            since: fc.oneof(fc.integer(), fc.constant(null), hostileText),
            replay: hostileText,
            room: hostileText,
            id: fc.oneof(hostileText, fc.constantFrom("zzzz1", "abcd1234")),
            control: fc.oneof(
              fc.anything({ maxDepth: 2 }),
              fc.record({
                action: fc.constantFrom("play", "pause", "seek", "speed", "rewind"),
                t: fc.oneof(fc.integer(), hostileText),
                speed: fc.oneof(fc.integer(), fc.double()),
              }),
            ),
          },
          { requiredKeys: [] },
        ),
      );
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(fc.constantFrom(...events), fc.string({ maxLength: 12 })),
          payload,
          fc.boolean(),
          async (event, data, withAck) => {
            // Events without an ack in the contract (and unknown ones) are sent and not waited for.
            if (!withAck || !["subscribe", "replay:join", "replay:control"].includes(event)) {
              if (withAck) s.emit(event, data, () => {});
              else s.emit(event, data);
              return;
            }
            const reply = await new Promise<unknown>((resolve) => {
              s.timeout(5000).emit(event, data, (err: Error | null, r: unknown) =>
                resolve(err ? "no-ack" : r),
              );
            });
            expect(reply, `${event} ${JSON.stringify(data)} went unanswered`).not.toBe("no-ack");
            expect(reply, `${event} ${JSON.stringify(data)}`).toMatchObject({ ok: expect.any(Boolean) });
            if (who === "viewer" && event === "replay:control")
              expect((reply as { ok: boolean }).ok, "a viewer steered a playback").toBe(false);
          },
        ),
        { numRuns: runs },
      );
      expect(box.connected).toBe(true);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
    });
  }
});
