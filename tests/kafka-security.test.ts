/**
 * The secured path against the local broker's SASL_SSL (SCRAM-SHA-512) listener:
 * - the fast clients' connections authenticate and re-authenticate before the session lifetime
 *   the broker gives ends (KIP-368), where a connection that does not is cut off by the broker;
 * - a wrong password, a mechanism the broker does not enable, a CA that did not sign the broker's
 *   certificate: every process (worker, web, notifier, replay, simulator) stops within 30 s with
 *   one line naming the setting, and never prints the password.
 */
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { connectBroker } from "../adapters/kafka/wire/connection";
import { localReauthMs } from "../scripts/stack/kafka-local";
import { testEnv } from "./support/env";
import { makeUnrelatedCa } from "./support/other-ca";
import { startScript } from "./support/processes";

const env = testEnv();

/** ApiVersions v0: any broker answers it on an authenticated connection. */
function apiVersions(correlationId: number): Buffer {
  const clientId = Buffer.from("lw-test");
  const frame = Buffer.alloc(4 + 2 + 2 + 4 + 2 + clientId.length);
  frame.writeInt32BE(frame.length - 4, 0);
  frame.writeInt16BE(18, 4);
  frame.writeInt16BE(0, 6);
  frame.writeInt32BE(correlationId, 8);
  frame.writeInt16BE(clientId.length, 12);
  clientId.copy(frame, 14);
  return frame;
}

describe("SASL_SSL connections of the fast clients", () => {
  it("re-authenticate before the broker's session lifetime ends; without it the broker cuts them off", async () => {
    const { brokers, security } = env.sasl();
    const [host, port] = brokers[0]!.split(":") as [string, string];
    const open = (reauthAt: number) => connectBroker({ host, port: Number(port), security, reauthAt });
    // reauthAt 5: "re-authenticate" only long after the lifetime, i.e. never within this test.
    const [renewing, lapsing] = await Promise.all([open(0.5), open(5)]);
    expect([renewing.authentications, lapsing.authentications]).toEqual([1, 1]);
    const ask = async (c: typeof renewing) => {
      const id = c.nextCorrelationId();
      const body = await c.request(apiVersions(id), id);
      return body.readInt16BE(0);
    };
    expect(await ask(renewing)).toBe(0);
    expect(await ask(lapsing)).toBe(0);
    // Requests keep going on the renewing connection across its re-authentications.
    const until = Date.now() + localReauthMs + 4000;
    while (Date.now() < until) {
      expect(await ask(renewing)).toBe(0);
      await new Promise((r) => setTimeout(r, 1000));
    }
    expect(renewing.closed).toBe(false);
    expect(renewing.authentications).toBeGreaterThanOrEqual(2);
    // The broker refuses the lapsed session: it closes the connection on its next request.
    const lapsed = await ask(lapsing).then(
      () => "answered",
      (err: unknown) => String(err),
    );
    expect(lapsed).toMatch(/closed/);
    await renewing.close();
    await lapsing.close();
  });

  it("are refused naming the setting: wrong password, unknown mechanism, CA that did not sign", async () => {
    const { brokers, security } = env.sasl();
    const [host, port] = brokers[0]!.split(":") as [string, string];
    const sasl = security.sasl!;
    const tls = security.tls!;
    const refusal = (s: typeof security) =>
      connectBroker({ host, port: Number(port), security: s }).then(
        async (c) => {
          await c.close();
          return "connected";
        },
        (err: unknown) => ({
          setting: (err as { setting?: string }).setting,
          retriable: (err as { retriable?: boolean }).retriable,
          leaks: String(err).includes(sasl.password) || String(err).includes("wrong-pw-1"),
        }),
      );
    const [password, mechanism, ca] = await Promise.all([
      refusal({ ...security, sasl: { ...sasl, password: "wrong-pw-1" } }),
      refusal({ ...security, sasl: { ...sasl, mechanism: "PLAIN" } }),
      refusal({ ...security, tls: { ...tls, ca: fs.readFileSync(makeUnrelatedCa(), "utf8") } }),
    ]);
    expect({ password, mechanism, ca }).toEqual({
      password: { setting: "KAFKA_SASL_PASSWORD", retriable: false, leaks: false },
      mechanism: { setting: "KAFKA_SASL_MECHANISM", retriable: false, leaks: false },
      ca: { setting: "KAFKA_SSL_CA_FILE", retriable: false, leaks: false },
    });
  });
});

describe("a process given bad Kafka security settings", () => {
  const processes: Array<[string, string, string[]]> = [
    ["worker", "workers/aggregator/main.ts", []],
    ["web", "server/main.ts", []],
    ["notifier", "workers/notifier/main.ts", []],
    ["replay", "workers/replay/main.ts", ["--name", "bad-settings"]],
    ["simulator", "simulator/cli.ts", ["--speed", "max", "--duration", "1m", "--scale", "0.001"]],
  ];

  const cases: Array<[string, (sasl: Record<string, string>) => Record<string, string>, string]> = [
    [
      "a wrong password",
      () => ({ KAFKA_SASL_PASSWORD_FILE: "", KAFKA_SASL_PASSWORD: "not-the-password-7f3a" }),
      "KAFKA_SASL_PASSWORD",
    ],
    [
      "a mechanism the broker does not enable",
      () => ({ KAFKA_SASL_MECHANISM: "SCRAM-SHA-256" }),
      "KAFKA_SASL_MECHANISM",
    ],
    [
      "a CA that did not sign the broker's certificate",
      () => ({ KAFKA_SSL_CA_FILE: makeUnrelatedCa() }),
      "KAFKA_SSL_CA_FILE",
    ],
  ];

  for (const [what, override, setting] of cases) {
    it(`stops within 30 s naming ${setting}: ${what}`, async () => {
      const sasl = env.sasl();
      const password = fs.readFileSync(sasl.env.KAFKA_SASL_PASSWORD_FILE!, "utf8").trim();
      const bad = override(sasl.env);
      const results = await Promise.all(
        processes.map(async ([name, script, args]) => {
          const started = Date.now();
          const child = startScript(script, args, {
            ...sasl.env,
            ...bad,
            DATABASE_URL: env.databaseUrl,
            LW_TOPIC_PREFIX: env.topicPrefix(`bad-${name}`),
            PORT: "0",
            LW_WEB_DEV: "1",
          });
          const code = await new Promise<number | null>((resolve) => {
            const timer = setTimeout(() => {
              void child.stop(1000);
              resolve(null);
            }, 40_000);
            child.process.once("exit", (c) => {
              clearTimeout(timer);
              resolve(c);
            });
          });
          return { name, code, ms: Date.now() - started, output: child.output() };
        }),
      );
      for (const r of results) {
        const lines = r.output.split("\n").filter((l) => l.trim() !== "");
        const naming = lines.filter((l) => l.includes(setting));
        expect({ name: r.name, code: r.code, naming: naming.length, last: lines.at(-1) }).toMatchObject({
          name: r.name,
          code: 1,
          naming: 1,
          last: naming[0],
        });
        expect(r.ms, `${r.name} took ${r.ms} ms`).toBeLessThan(30_000);
        expect(r.output).not.toContain(password);
        if (bad.KAFKA_SASL_PASSWORD) expect(r.output).not.toContain(bad.KAFKA_SASL_PASSWORD);
      }
      console.log(
        `[kafka-security] ${setting}: ${results.map((r) => `${r.name} ${(r.ms / 1000).toFixed(1)} s`).join(", ")}; ` +
          `worker said: ${results[0]!.output.trim().split("\n").at(-1)}`,
      );
    });
  }
});
