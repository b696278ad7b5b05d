/**
 * Each receiver type against a real HTTP server on 127.0.0.1: the payload each service
 * documents, signatures recomputed here from the secret, message size limits with "… and N
 * more", answers (429 + Retry-After, 5xx, 4xx, robots' error codes), the address guard, and no
 * secret in any error.
 */
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAddressGuard } from "../adapters/webhooks/address-guard";
import { createReceiver } from "../adapters/webhooks/receivers";
import { byteLength } from "../core/alerts/digest";
import { type ReceiverConfig, ReceiverSchema } from "../core/alerts/policy";
import { readReceiverEndpoints } from "../workers/notifier/config";
import { notificationFor, policyOf } from "./support/alerting";
import { startWebhookReceiver, type WebhookReceiver } from "./support/webhook-receiver";

const loopback = createAddressGuard(["127.0.0.1/32"]);
const secret = "SEC-test-secret-0123456789";
const config = (type: ReceiverConfig["type"], extra: Record<string, unknown> = {}) =>
  ReceiverSchema.parse({ name: `${type}-test`, type, url_env: "X", ...extra });

let server: WebhookReceiver;
beforeAll(async () => {
  server = await startWebhookReceiver();
});
afterAll(() => server.close());

const big = () =>
  notificationFor({ receiver: "r", groupKey: "g", firing: 50_000, resolved: 7, maxAlerts: 500 });
const last = () => server.requests.at(-1)!;

describe("generic webhook security (issue 16)", () => {
  it("the generic webhook signs id + timestamp + body (Standard Webhooks), so a captured request cannot be replayed", async () => {
    server.respond(() => ({ status: 204 }));
    const r = createReceiver(config("webhook"), { url: `${server.url}/hook`, secret }, { guard: loopback });
    const n = notificationFor({ receiver: "ops", groupKey: "g-replay", firing: 3 });
    const t0 = Date.parse("2026-02-06T10:00:00Z");
    await r.send(n, { idempotencyKey: "msg-1", now: t0 });
    const first = last();
    expect(first.headers["webhook-id"]).toBe("msg-1");
    expect(first.headers["webhook-timestamp"]).toBe(String(t0 / 1000));
    const signed = (id: string, ts: string, body: string) =>
      `v1,${createHmac("sha256", secret).update(`${id}.${ts}.${body}`).digest("base64")}`;
    expect(first.headers["webhook-signature"]).toBe(signed("msg-1", String(t0 / 1000), first.raw));
    // The same body sent later or as another message carries another signature: a receiver that
    // checks the timestamp's age and the id cannot be fooled by a replay.
    await r.send(n, { idempotencyKey: "msg-1", now: t0 + 600_000 });
    expect(last().raw).toBe(first.raw);
    expect(last().headers["webhook-signature"]).not.toBe(first.headers["webhook-signature"]);
    expect(signed("msg-2", String(t0 / 1000), first.raw)).not.toBe(first.headers["webhook-signature"]);
    // A Standard Webhooks secret (whsec_<base64>) keys the HMAC with its decoded bytes.
    const key = Buffer.from("0123456789abcdef0123456789abcdef");
    const std = createReceiver(
      config("webhook"),
      { url: `${server.url}/hook`, secret: `whsec_${key.toString("base64")}` },
      { guard: loopback },
    );
    await std.send(n, { idempotencyKey: "msg-3", now: t0 });
    expect(last().headers["webhook-signature"]).toBe(
      `v1,${createHmac("sha256", key)
        .update(`msg-3.${t0 / 1000}.${last().raw}`)
        .digest("base64")}`,
    );
  });

  it("the generic webhook offers bearer and basic auth from the environment, like Alertmanager's http_config", async () => {
    server.respond(() => ({ status: 204 }));
    const policy = policyOf(`route: { receiver: bearer }
receivers:
  - { name: bearer, type: webhook, url_env: HOOK_A, http_config: { authorization: { credentials_env: HOOK_A_TOKEN } } }
  - { name: basic, type: webhook, url_env: HOOK_B, http_config: { basic_auth: { username: lw, password_env: HOOK_B_PASSWORD } } }
`);
    const { endpoints } = readReceiverEndpoints(policy, {
      HOOK_A: `${server.url}/a`,
      HOOK_A_TOKEN: "tok-123",
      HOOK_B: `${server.url}/b`,
      HOOK_B_PASSWORD: "pw:456",
    });
    const n = notificationFor({ receiver: "ops", groupKey: "g-auth", firing: 1 });
    for (const rc of policy.receivers)
      await createReceiver(rc, endpoints.get(rc.name)!, { guard: loopback }).send(n, {
        idempotencyKey: rc.name,
        now: Date.now(),
      });
    const byKey = new Map(
      server.requests.map((q) => [q.headers["idempotency-key"], q.headers.authorization]),
    );
    expect(byKey.get("bearer")).toBe("Bearer tok-123");
    expect(byKey.get("basic")).toBe(`Basic ${Buffer.from("lw:pw:456").toString("base64")}`);
    // A credential variable the policy names but the environment lacks stops start-up naming it.
    expect(() => readReceiverEndpoints(policy, { HOOK_A: `${server.url}/a`, HOOK_B: "" })).toThrow(
      /HOOK_A_TOKEN/,
    );
  });
});

describe("payloads and signatures", () => {
  it("Slack: blocks with a digest within 3,000 characters, text fallback", async () => {
    server.respond(() => ({ status: 200, body: "ok" }));
    const r = createReceiver(
      config("slack"),
      { url: `${server.url}/services/T0/B0/xyz` },
      { guard: loopback },
    );
    const res = await r.send(big(), { idempotencyKey: "k-slack", now: Date.now() });
    expect(res.outcome).toBe("delivered");
    const body = last().json as { text: string; blocks: Array<{ type: string; text?: { text: string } }> };
    expect(body.text).toBe("[FIRING 50,000 · RESOLVED 7] shop-over-capacity group=g");
    expect(body.blocks.map((b) => b.type)).toEqual(["header", "section", "context"]);
    const section = body.blocks[1]!.text!.text;
    expect(section.length).toBeLessThanOrEqual(3000);
    expect(section).toMatch(/… and [\d,]+ more/);
    expect(section).toContain("<http://dashboard.test|Open the dashboard>");
    expect(last().headers["idempotency-key"]).toBe("k-slack");
  });

  it("Feishu: timestamp and sign in the body, HMAC keyed by timestamp + \\n + secret over nothing", async () => {
    server.respond(() => ({ status: 200, body: JSON.stringify({ code: 0, msg: "success" }) }));
    const r = createReceiver(
      config("feishu"),
      { url: `${server.url}/open-apis/bot/v2/hook/abc`, secret },
      { guard: loopback },
    );
    const now = Date.now();
    expect((await r.send(big(), { idempotencyKey: "k", now })).outcome).toBe("delivered");
    const body = last().json as {
      timestamp: string;
      sign: string;
      msg_type: string;
      card: { elements: Array<{ text: { content: string } }> };
    };
    expect(body.timestamp).toBe(String(Math.floor(now / 1000)));
    const expected = createHmac("sha256", `${body.timestamp}\n${secret}`)
      .update(Buffer.alloc(0))
      .digest("base64");
    expect(body.sign).toBe(expected);
    expect(body.msg_type).toBe("interactive");
    expect(byteLength(last().raw)).toBeLessThanOrEqual(20 * 1024);
    expect(body.card.elements[0]!.text.content).toMatch(/… and [\d,]+ more/);
  });

  it("DingTalk: timestamp and URL-encoded sign in the query, markdown message", async () => {
    server.respond(() => ({ status: 200, body: JSON.stringify({ errcode: 0, errmsg: "ok" }) }));
    const r = createReceiver(
      config("dingtalk"),
      { url: `${server.url}/robot/send?access_token=tok123`, secret },
      { guard: loopback },
    );
    const now = Date.now();
    expect((await r.send(big(), { idempotencyKey: "k", now })).outcome).toBe("delivered");
    const req = last();
    expect(req.query.get("access_token")).toBe("tok123");
    expect(req.query.get("timestamp")).toBe(String(now));
    const expected = createHmac("sha256", secret).update(`${now}\n${secret}`).digest("base64");
    expect(req.query.get("sign")).toBe(expected);
    // On the wire the base64 is URL-encoded (+, / and = escaped).
    const rawSign = /[?&]sign=([^&]*)/.exec(req.url)![1]!;
    expect(rawSign).toBe(encodeURIComponent(expected));
    const body = req.json as { msgtype: string; markdown: { title: string; text: string } };
    expect(body.msgtype).toBe("markdown");
    expect(body.markdown.title).toContain("shop-over-capacity");
    expect(body.markdown.text).toMatch(/^\*\*\[FIRING 50,000/);
  });

  it("WeCom: markdown content at most 4,096 bytes, with the count of what did not fit", async () => {
    server.respond(() => ({ status: 200, body: JSON.stringify({ errcode: 0, errmsg: "ok" }) }));
    const r = createReceiver(
      config("wecom"),
      { url: `${server.url}/cgi-bin/webhook/send?key=k1` },
      { guard: loopback },
    );
    expect((await r.send(big(), { idempotencyKey: "k", now: Date.now() })).outcome).toBe("delivered");
    const body = last().json as { msgtype: string; markdown: { content: string } };
    expect(body.msgtype).toBe("markdown");
    expect(byteLength(body.markdown.content)).toBeLessThanOrEqual(4096);
    const listed = body.markdown.content.split("\n").filter((l) => l.startsWith("- ")).length;
    const more = Number(/… and ([\d,]+) more/.exec(body.markdown.content)![1]!.replace(/,/g, ""));
    expect(listed + more).toBe(50_007);
  });

  it("generic webhook: Alertmanager v4 payload with a Standard Webhooks signature", async () => {
    server.respond(() => ({ status: 204 }));
    const r = createReceiver(config("webhook"), { url: `${server.url}/hook`, secret }, { guard: loopback });
    const n = notificationFor({
      receiver: "ops",
      groupKey: '{}:{alertname="x"}',
      firing: 30,
      resolved: 2,
      maxAlerts: 5,
    });
    expect((await r.send(n, { idempotencyKey: "idem-1", now: Date.now() })).outcome).toBe("delivered");
    const req = last();
    const ts = String(req.headers["webhook-timestamp"]);
    const sig = createHmac("sha256", secret).update(`idem-1.${ts}.${req.raw}`).digest("base64");
    expect(req.headers["webhook-signature"]).toBe(`v1,${sig}`);
    expect(req.headers["idempotency-key"]).toBe("idem-1");
    const body = req.json as Record<string, unknown> & { alerts: Array<Record<string, unknown>> };
    expect(Object.keys(body).sort()).toEqual(
      [
        "alerts",
        "commonAnnotations",
        "commonLabels",
        "externalURL",
        "groupKey",
        "groupLabels",
        "launchwatch",
        "receiver",
        "status",
        "truncatedAlerts",
        "version",
      ].sort(),
    );
    expect(body).toMatchObject({
      version: "4",
      groupKey: '{}:{alertname="x"}',
      truncatedAlerts: 27,
      status: "firing",
      receiver: "ops",
      externalURL: "http://dashboard.test",
      launchwatch: { counts: { firing: 30, resolved: 2 } },
    });
    expect(body.alerts).toHaveLength(5);
    expect(Object.keys(body.alerts[0]!).sort()).toEqual(
      ["annotations", "endsAt", "fingerprint", "generatorURL", "labels", "startsAt", "status"].sort(),
    );
    expect(body.alerts[0]).toMatchObject({ status: "firing", endsAt: "0001-01-01T00:00:00Z" });
    expect(new Date(String(body.alerts[0]!.startsAt)).getTime()).toBe(1_770_000_000_000);
  });
});

describe("answers", () => {
  const hook = () =>
    createReceiver(config("webhook"), { url: `${server.url}/h?token=hunter2` }, { guard: loopback });
  const n = () => notificationFor({ receiver: "r", groupKey: "g", firing: 1 });

  it("429 with Retry-After is rate limiting with the wait asked for", async () => {
    server.respond(() => ({ status: 429, headers: { "retry-after": "7" }, body: "slow down" }));
    const res = await hook().send(n(), { idempotencyKey: "k", now: Date.now() });
    expect(res).toMatchObject({ outcome: "rate_limited", retryAfterMs: 7000, statusCode: 429 });
  });

  it("5xx and 408 are retried, other 4xx are not", async () => {
    server.respond(() => ({ status: 503 }));
    expect((await hook().send(n(), { idempotencyKey: "k", now: 0 })).outcome).toBe("retry");
    server.respond(() => ({ status: 408 }));
    expect((await hook().send(n(), { idempotencyKey: "k", now: 0 })).outcome).toBe("retry");
    server.respond(() => ({ status: 400, body: "bad payload" }));
    expect((await hook().send(n(), { idempotencyKey: "k", now: 0 })).outcome).toBe("failed");
  });

  it("reads robots' error codes in a 200: rate limit vs permanent error", async () => {
    const ding = createReceiver(
      config("dingtalk"),
      { url: `${server.url}/robot/send?access_token=t`, secret },
      { guard: loopback },
    );
    server.respond(() => ({
      status: 200,
      body: JSON.stringify({ errcode: 130101, errmsg: "send too fast" }),
    }));
    expect(await ding.send(n(), { idempotencyKey: "k", now: Date.now() })).toMatchObject({
      outcome: "rate_limited",
      retryAfterMs: 60_000,
    });
    server.respond(() => ({
      status: 200,
      body: JSON.stringify({ errcode: 310000, errmsg: "sign not match" }),
    }));
    expect((await ding.send(n(), { idempotencyKey: "k", now: Date.now() })).outcome).toBe("failed");
    const wecom = createReceiver(config("wecom"), { url: `${server.url}/send?key=k` }, { guard: loopback });
    server.respond(() => ({
      status: 200,
      body: JSON.stringify({ errcode: 45009, errmsg: "api freq out of limit" }),
    }));
    expect((await wecom.send(n(), { idempotencyKey: "k", now: Date.now() })).outcome).toBe("rate_limited");
    const feishu = createReceiver(config("feishu"), { url: `${server.url}/hook/x` }, { guard: loopback });
    server.respond(() => ({ status: 200, body: JSON.stringify({ code: 19021, msg: "sign match fail" }) }));
    expect((await feishu.send(n(), { idempotencyKey: "k", now: Date.now() })).outcome).toBe("failed");
  });

  it("never puts the URL or the secret in an error", async () => {
    const url = `${server.url}/h?token=hunter2`;
    server.respond((req) => ({ status: 500, body: `failed for ${url} and ${req.url}` }));
    const res = await hook().send(n(), { idempotencyKey: "k", now: 0 });
    expect(res.outcome).toBe("retry");
    expect(res.outcome !== "delivered" && res.error).not.toMatch(/hunter2/);
    expect(hook().redactedUrl).toBe(`${server.url}/…`);
  });

  it("a receiver that does not answer in time is retried", async () => {
    server.respond(() => ({ status: 200, delayMs: 1500 }));
    const slow = createReceiver(
      config("webhook", { timeout: "300ms" }),
      { url: `${server.url}/h` },
      { guard: loopback },
    );
    const res = await slow.send(n(), { idempotencyKey: "k", now: 0 });
    expect(res).toMatchObject({ outcome: "retry", statusCode: null });
    expect(res.durationMs).toBeLessThan(1400);
  });
});

describe("address guard", () => {
  const n = () => notificationFor({ receiver: "r", groupKey: "g", firing: 1 });

  it("refuses loopback, private and link-local targets unless allowed", async () => {
    const strict = createAddressGuard();
    const before = server.requests.length;
    for (const url of [
      `${server.url}/h`,
      `http://localhost:${new URL(server.url).port}/h`,
      "http://10.1.2.3/h",
      "http://169.254.169.254/latest/meta-data",
      "http://[::1]:9/h",
      "http://[::ffff:127.0.0.1]:9/h",
    ]) {
      const res = await createReceiver(config("webhook"), { url }, { guard: strict }).send(n(), {
        idempotencyKey: "k",
        now: 0,
      });
      expect(res.outcome, url).toBe("failed");
      expect(res.outcome !== "delivered" && res.error, url).toMatch(/refused to connect/);
    }
    expect(server.requests.length).toBe(before);
    expect(strict.reject("8.8.8.8")).toBeNull();
    expect(strict.reject("2001:4860:4860::8888")).toBeNull();
    expect(strict.reject("fd00::1")).toMatch(/private/);
    expect(createAddressGuard(["10.0.0.0/8"]).reject("10.9.9.9")).toBeNull();
  });
});
