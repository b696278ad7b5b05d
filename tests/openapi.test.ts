/**
 * The OpenAPI 3.1 document the server serves at /api/openapi.json is generated from its routes:
 * it lists exactly the routes the server exposes (the list the fuzz test walks), each with its
 * parameters and bodies, and the responses the routes declare are what they really answer
 * (each GET with a contract is called and its body parsed with that contract).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { resetAlertingTables } from "./support/alerting";
import { startTestWeb, type TestWeb } from "./support/web";

let web: TestWeb;
let cookie: string;
type Doc = {
  openapi: string;
  paths: Record<
    string,
    Record<
      string,
      {
        parameters: Array<{ name: string; in: string }>;
        requestBody?: unknown;
        responses: Record<string, { content?: unknown }>;
      }
    >
  >;
};
let doc: Doc;

beforeAll(async () => {
  web = await startTestWeb("openapi");
  await resetAlertingTables(web.env.databaseUrl);
  const u = await web.createUser(`openapi-${Math.random().toString(36).slice(2, 8)}`, "admin");
  cookie = await web.signIn(u.username, u.password);
  // Something in the lists whose contracts are checked below.
  const t = await fetch(`${web.server.url}/api/v1/tokens`, {
    method: "POST",
    headers: { cookie, "content-type": "application/json", origin: web.server.url },
    body: JSON.stringify({ name: "openapi" }),
  });
  expect(t.status).toBe(201);
  const r = await fetch(`${web.server.url}/api/openapi.json`);
  expect(r.status).toBe(200);
  doc = (await r.json()) as Doc;
});
afterAll(async () => {
  await web?.close();
});

const toPath = (pattern: string) => pattern.replace(/:([A-Za-z]+)/g, "{$1}");

describe("OpenAPI document", () => {
  it("is OpenAPI 3.1 and lists exactly the server's routes", () => {
    expect(doc.openapi).toBe("3.1.0");
    const documented = Object.entries(doc.paths)
      .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`))
      .sort();
    const served = web.server.routes.map((r) => `${r.method} ${toPath(r.pattern)}`).sort();
    expect(documented).toEqual(served);
    expect(served).toContain("POST /api/v2/alerts");
    expect(served).toContain("GET /api/openapi.json");
  });

  it("has the path parameters, queries and bodies of the routes", () => {
    const op = (m: string, p: string) => doc.paths[p]![m]!;
    expect(op("get", "/api/v1/shops/{id}").parameters).toContainEqual(
      expect.objectContaining({ name: "id", in: "path" }),
    );
    const alertQuery = op("get", "/api/v2/alerts").parameters.map((p) => p.name);
    expect(alertQuery).toEqual(
      expect.arrayContaining(["active", "silenced", "inhibited", "filter", "receiver"]),
    );
    expect(op("post", "/api/v2/silences").requestBody).toBeDefined();
    expect(op("get", "/api/v2/status").responses["200"]!.content).toBeDefined();
    for (const [p, ops] of Object.entries(doc.paths))
      for (const [m, o] of Object.entries(ops)) {
        expect(o.responses, `${m} ${p}`).toBeDefined();
        for (const name of p.match(/\{(\w+)\}/g) ?? [])
          expect(
            o.parameters.map((x) => x.name),
            `${m} ${p}`,
          ).toContain(name.slice(1, -1));
      }
  });

  it("the declared responses are what the routes answer", async () => {
    const queries: Record<string, string> = { "/api/v1/alerts/events": "?from=0&to=9999999999999" };
    const checked: string[] = [];
    for (const r of web.server.routes) {
      if (r.method !== "GET" || !r.responseSchema || r.pattern.includes(":")) continue;
      const res = await fetch(`${web.server.url}${r.pattern}${queries[r.pattern] ?? ""}`, {
        headers: { cookie },
      });
      expect(res.status, r.pattern).toBe(200);
      const parsed = (r.responseSchema as z.ZodType).safeParse(await res.json());
      expect(parsed.success ? "ok" : JSON.stringify(parsed.error.issues[0]), r.pattern).toBe("ok");
      checked.push(r.pattern);
    }
    expect(checked).toEqual(
      expect.arrayContaining([
        "/api/v1/alerts",
        "/api/v1/tokens",
        "/api/v1/users",
        "/api/v1/me",
        "/api/v2/status",
        "/api/v2/alerts",
      ]),
    );
  });
});
