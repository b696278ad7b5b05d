/**
 * The connection against scripted peers on local sockets, for what the local broker does not
 * offer or lets no test time: re-authentication's state machine (a request queued behind a
 * re-authentication that waits for an unanswered request is failed, not left waiting, when the
 * connection drops), and SSL with a client certificate (mutual TLS).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import tls from "node:tls";
import { afterEach, describe, expect, it } from "vitest";
import { connectBroker } from "./connection";

const servers: net.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

/** Answers SaslHandshake (PLAIN) and SaslAuthenticate (session `lifetimeMs`); holds anything else. */
async function saslPeer(lifetimeMs: number, onHeld: (socket: net.Socket, held: number) => void) {
  const server = net.createServer((socket) => {
    let buf = Buffer.alloc(0);
    let held = 0;
    socket.on("error", () => {});
    socket.on("data", (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      while (buf.length >= 4 && buf.length >= 4 + buf.readInt32BE(0)) {
        const frame = buf.subarray(4, 4 + buf.readInt32BE(0));
        buf = buf.subarray(4 + frame.length);
        const apiKey = frame.readInt16BE(0);
        const id = frame.readInt32BE(4);
        let body: Buffer | null = null;
        if (apiKey === 17) body = Buffer.from([0, 0, 0, 0, 0, 1, 0, 5, ...Buffer.from("PLAIN")]);
        else if (apiKey === 36) {
          const lifetime = Buffer.alloc(8);
          lifetime.writeBigInt64BE(BigInt(lifetimeMs));
          body = Buffer.from([0, 0, 0, 0, 1, ...lifetime, 0]);
        } else onHeld(socket, ++held);
        if (body) {
          const out = Buffer.alloc(8 + body.length);
          out.writeInt32BE(4 + body.length, 0);
          out.writeInt32BE(id, 4);
          body.copy(out, 8);
          socket.write(out);
        }
      }
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return (server.address() as net.AddressInfo).port;
}

const request = (id: number) => {
  const f = Buffer.alloc(14);
  f.writeInt32BE(10, 0);
  f.writeInt16BE(18, 4);
  f.writeInt32BE(id, 8);
  return f;
};

describe("broker connection re-authentication", () => {
  it("fails the requests waiting behind a re-authentication when the connection drops", async () => {
    let peer: net.Socket | null = null;
    const port = await saslPeer(200, (socket) => {
      peer = socket;
    });
    const c = await connectBroker({
      host: "127.0.0.1",
      port,
      security: { protocol: "SASL_PLAINTEXT", sasl: { mechanism: "PLAIN", username: "u", password: "p" } },
    });
    expect(c.authentications).toBe(1);
    const first = c.request(request(c.nextCorrelationId()), 1000).catch((e: unknown) => String(e));
    // Past 85% of the lifetime: the re-authentication waits for `first`, which is never answered.
    await new Promise((r) => setTimeout(r, 260));
    const queued = c.request(request(c.nextCorrelationId()), 1001).then(
      () => "answered",
      (e: unknown) => String(e),
    );
    (peer as net.Socket | null)?.destroy();
    const outcome = await Promise.race([
      queued,
      new Promise((r) => setTimeout(() => r("still waiting"), 2000)),
    ]);
    expect(outcome).toMatch(/closed/);
    expect(await first).toMatch(/closed/);
    expect(c.closed).toBe(true);
  });

  it("re-authenticates once the requests in flight are answered, and sends the queued ones after", async () => {
    const port = await saslPeer(200, (socket, held) => {
      // Answer each held request 100 ms late (so one is in flight when re-authentication is due).
      setTimeout(() => {
        const out = Buffer.alloc(10);
        out.writeInt32BE(6, 0);
        out.writeInt32BE(1000 + held - 1, 4);
        socket.write(out);
      }, 100);
    });
    const c = await connectBroker({
      host: "127.0.0.1",
      port,
      security: { protocol: "SASL_PLAINTEXT", sasl: { mechanism: "PLAIN", username: "u", password: "p" } },
    });
    const answers: number[] = [];
    for (let i = 0; i < 5; i++) {
      const body = await c.request(request(1000 + i), 1000 + i);
      answers.push(body.length);
    }
    expect(answers).toEqual([2, 2, 2, 2, 2]);
    expect(c.authentications).toBeGreaterThanOrEqual(2);
    await c.close();
  });
});

function openssl(dir: string, ...args: string[]): void {
  const r = spawnSync("openssl", args, { cwd: dir, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`openssl ${args[0]}: ${r.stderr}`);
}

/** A CA, a server certificate for 127.0.0.1 and a client certificate, all signed by the CA. */
function certificates() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lw-mtls-"));
  openssl(
    dir,
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:prime256v1",
    "-nodes",
    "-keyout",
    "ca.key",
    "-out",
    "ca.pem",
    "-days",
    "1",
    "-subj",
    "/CN=test CA",
  );
  for (const [name, ext] of [
    ["server", "subjectAltName=IP:127.0.0.1"],
    ["client", "extendedKeyUsage=clientAuth"],
  ] as const) {
    fs.writeFileSync(path.join(dir, `${name}.ext`), `${ext}\n`);
    openssl(
      dir,
      "req",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-keyout",
      `${name}.key`,
      "-out",
      `${name}.csr`,
      "-subj",
      `/CN=${name}`,
    );
    openssl(
      dir,
      "x509",
      "-req",
      "-in",
      `${name}.csr`,
      "-CA",
      "ca.pem",
      "-CAkey",
      "ca.key",
      "-CAcreateserial",
      "-out",
      `${name}.pem`,
      "-days",
      "1",
      "-extfile",
      `${name}.ext`,
    );
  }
  const read = (f: string) => fs.readFileSync(path.join(dir, f), "utf8");
  return {
    ca: read("ca.pem"),
    serverCert: read("server.pem"),
    serverKey: read("server.key"),
    clientCert: read("client.pem"),
    clientKey: read("client.key"),
  };
}

describe("broker connection over SSL", () => {
  it("verifies the server against the CA and presents the client certificate (mutual TLS)", async () => {
    const c = certificates();
    const seen: string[] = [];
    const server = tls.createServer(
      { cert: c.serverCert, key: c.serverKey, ca: c.ca, requestCert: true, rejectUnauthorized: true },
      (socket) => {
        seen.push(String(socket.getPeerCertificate().subject?.CN));
        // Echo an answer to each request: size 6, the request's correlation id, 2 bytes.
        socket.on("data", (d) => {
          const out = Buffer.alloc(10);
          out.writeInt32BE(6, 0);
          out.writeInt32BE(d.readInt32BE(8), 4);
          socket.write(out);
        });
        socket.on("error", () => {});
      },
    );
    server.on("tlsClientError", () => {});
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as net.AddressInfo).port;
    const tlsWith = (over: object) => ({
      protocol: "SSL" as const,
      tls: { ca: c.ca, cert: c.clientCert, key: c.clientKey, rejectUnauthorized: true, ...over },
    });

    const conn = await connectBroker({ host: "127.0.0.1", port, security: tlsWith({}) });
    expect((await conn.request(request(7), 7)).length).toBe(2);
    expect(seen).toEqual(["client"]);
    await conn.close();

    // Without the client certificate the server refuses the handshake; with another CA the
    // client refuses the server, naming the setting.
    const refused = (over: object) =>
      connectBroker({ host: "127.0.0.1", port, security: tlsWith(over) }).then(
        async (x) => {
          // TLS 1.3 reports a refused client certificate after the handshake, on first use.
          const answer = await x.request(request(8), 8).then(
            () => "answered",
            (e: unknown) => String(e),
          );
          await x.close();
          return answer;
        },
        (e: unknown) => (e as { setting?: string }).setting ?? String(e),
      );
    expect(await refused({ cert: undefined, key: undefined })).not.toBe("answered");
    expect(await refused({ ca: certificates().ca })).toBe("KAFKA_SSL_CA_FILE");
  });
});
