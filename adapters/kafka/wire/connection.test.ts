/**
 * The connection's re-authentication state machine against a scripted peer on a local socket
 * (timings no real broker lets a test choose): a request queued behind a re-authentication that
 * waits for an unanswered request is failed, not left waiting, when the connection drops.
 */
import net from "node:net";
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
