/** Issue 16: /metrics is not open to the network by default, tokens compare in constant time, /readyz keeps its reasons to trusted callers. */
import { afterEach, describe, expect, it } from "vitest";
import { bearerMatches, createMetricsRegistry, startObservabilityServer } from "./observability";

const servers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function serve(opts: { metricsToken?: string; remote: boolean }) {
  const registry = createMetricsRegistry({ collectDefault: false });
  const s = await startObservabilityServer({
    port: 0,
    registry,
    metricsToken: opts.metricsToken,
    // `remote`: the caller is treated as another machine (the test itself can only call over loopback).
    ...(opts.remote ? { trustedPeer: () => false } : {}),
    checks: [
      {
        name: "postgres",
        check: () => ({ ok: false, detail: "connect ECONNREFUSED db.internal:5432 as lw_admin" }),
      },
    ],
  });
  servers.push(s);
  return s.url;
}

describe("observability endpoints (issue 16)", () => {
  it("/metrics open by default: without a token only loopback callers may read it", async () => {
    const remote = await serve({ remote: true });
    expect((await fetch(`${remote}/metrics`)).status).toBe(401);
    expect((await fetch(`${remote}/healthz`)).status).toBe(200);
    const local = await serve({ remote: false });
    expect((await fetch(`${local}/metrics`)).status).toBe(200);
  });

  it("/metrics with a token: the bearer token is required, compared in constant time", async () => {
    const url = await serve({ metricsToken: "0123456789abcdef", remote: false });
    expect((await fetch(`${url}/metrics`)).status).toBe(401);
    expect(
      (await fetch(`${url}/metrics`, { headers: { authorization: "Bearer 0123456789abcdeX" } })).status,
    ).toBe(401);
    expect(
      (await fetch(`${url}/metrics`, { headers: { authorization: "Bearer 0123456789abcdef" } })).status,
    ).toBe(200);
    expect(bearerMatches("Bearer 0123456789abcdef", "0123456789abcdef")).toBe(true);
    expect(bearerMatches(undefined, "0123456789abcdef")).toBe(false);
    expect(bearerMatches("Bearer 0123456789abcde", "0123456789abcdef")).toBe(false);
  });

  it("/readyz shows raw error text only to trusted callers", async () => {
    const remote = await serve({ remote: true });
    const r = await fetch(`${remote}/readyz`);
    expect(r.status).toBe(503);
    const text = await r.text();
    expect(JSON.parse(text)).toEqual({ status: "not-ready", checks: [{ name: "postgres", ok: false }] });
    expect(text).not.toContain("db.internal");
    const local = await serve({ remote: false });
    expect(await (await fetch(`${local}/readyz`)).text()).toContain("db.internal");
  });
});
