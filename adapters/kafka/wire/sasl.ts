/**
 * SASL over Kafka's own framing: SaslHandshake v1 names the mechanism, then SaslAuthenticate v2
 * (flexible encoding) carries the mechanism's messages, PLAIN in one round trip, SCRAM in two.
 * The broker answers with the session lifetime (KIP-368): a connection must authenticate again
 * before it ends, which connection.ts schedules.
 *
 *   SaslHandshake v1:    mechanism string  ->  errorCode int16 | mechanisms [string]
 *   SaslAuthenticate v2: authBytes compact_bytes | tags  ->  (header tags) errorCode int16 |
 *                        errorMessage compact_nullable_string | authBytes compact_bytes |
 *                        sessionLifetimeMs int64 | tags
 */
import type { KafkaSasl } from "../security";
import { KafkaAuthenticationError } from "./errors";
import { createScramClient } from "./scram";

const SASL_HANDSHAKE = 17;
const SASL_AUTHENTICATE = 36;
const UNSUPPORTED_SASL_MECHANISM = 33;
const ILLEGAL_SASL_STATE = 34;
const SASL_AUTHENTICATION_FAILED = 58;

/** Sends one request frame and resolves with the response after the correlation id. */
export type RawRequest = (frame: Buffer, correlationId: number) => Promise<Buffer>;

function uvarint(n: number): number[] {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return out;
}

/** A cursor over a response body. */
class Reader {
  pos = 0;
  constructor(private readonly buf: Buffer) {}
  int16(): number {
    const v = this.buf.readInt16BE(this.pos);
    this.pos += 2;
    return v;
  }
  int32(): number {
    const v = this.buf.readInt32BE(this.pos);
    this.pos += 4;
    return v;
  }
  int64(): number {
    const v = Number(this.buf.readBigInt64BE(this.pos));
    this.pos += 8;
    return v;
  }
  uvarint(): number {
    let v = 0;
    let shift = 0;
    for (;;) {
      const b = this.buf[this.pos++]!;
      v += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return v;
      shift += 7;
    }
  }
  string(): string {
    const n = this.int16();
    const s = this.buf.toString("utf8", this.pos, this.pos + Math.max(0, n));
    this.pos += Math.max(0, n);
    return s;
  }
  compactBytes(): Buffer | null {
    const n = this.uvarint();
    if (n === 0) return null;
    const b = this.buf.subarray(this.pos, this.pos + n - 1);
    this.pos += n - 1;
    return b;
  }
  skipTags(): void {
    const count = this.uvarint();
    for (let i = 0; i < count; i++) {
      this.uvarint();
      this.pos += this.uvarint();
    }
  }
}

function header(apiKey: number, version: number, correlationId: number, clientId: string, flexible: boolean) {
  const id = Buffer.from(clientId, "utf8");
  const h = Buffer.alloc(10 + id.length + (flexible ? 1 : 0));
  h.writeInt16BE(apiKey, 0);
  h.writeInt16BE(version, 2);
  h.writeInt32BE(correlationId, 4);
  h.writeInt16BE(id.length, 8);
  id.copy(h, 10);
  return h; // a flexible header ends with an empty tag section: the 0 byte left at the end
}

function frame(parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length, 0);
  return Buffer.concat([size, body]);
}

export function encodeSaslHandshake(mechanism: string, correlationId: number, clientId: string): Buffer {
  const m = Buffer.from(mechanism, "utf8");
  const len = Buffer.alloc(2);
  len.writeInt16BE(m.length, 0);
  return frame([header(SASL_HANDSHAKE, 1, correlationId, clientId, false), len, m]);
}

export function encodeSaslAuthenticate(authBytes: Buffer, correlationId: number, clientId: string): Buffer {
  return frame([
    header(SASL_AUTHENTICATE, 2, correlationId, clientId, true),
    Buffer.from(uvarint(authBytes.length + 1)),
    authBytes,
    Buffer.from([0]),
  ]);
}

export function decodeSaslHandshake(body: Buffer): { errorCode: number; mechanisms: string[] } {
  const r = new Reader(body);
  const errorCode = r.int16();
  const n = r.int32();
  const mechanisms: string[] = [];
  for (let i = 0; i < n; i++) mechanisms.push(r.string());
  return { errorCode, mechanisms };
}

export function decodeSaslAuthenticate(body: Buffer): {
  errorCode: number;
  errorMessage: string | null;
  authBytes: Buffer;
  sessionLifetimeMs: number;
} {
  const r = new Reader(body);
  r.skipTags(); // response header v1
  const errorCode = r.int16();
  const message = r.compactBytes();
  const authBytes = r.compactBytes() ?? Buffer.alloc(0);
  const sessionLifetimeMs = r.int64();
  return { errorCode, errorMessage: message ? message.toString("utf8") : null, authBytes, sessionLifetimeMs };
}

/**
 * Authenticates the connection behind `request` as `sasl`. Resolves with the session lifetime
 * in ms (0: unlimited). Throws {@link KafkaAuthenticationError} naming the setting to fix.
 */
export async function saslAuthenticate({
  request,
  nextCorrelationId,
  sasl,
  clientId,
  address,
}: {
  request: RawRequest;
  nextCorrelationId(): number;
  sasl: KafkaSasl;
  clientId: string;
  /** host:port, for messages. */
  address: string;
}): Promise<number> {
  const send = async (frameOf: (id: number) => Buffer) => {
    const id = nextCorrelationId();
    return request(frameOf(id), id);
  };
  const hs = decodeSaslHandshake(await send((id) => encodeSaslHandshake(sasl.mechanism, id, clientId)));
  if (hs.errorCode === UNSUPPORTED_SASL_MECHANISM)
    throw new KafkaAuthenticationError(
      `${address}: the broker does not enable SASL mechanism ${sasl.mechanism} (it enables ${hs.mechanisms.join(", ") || "none"})`,
      "KAFKA_SASL_MECHANISM",
    );
  if (hs.errorCode !== 0)
    throw new KafkaAuthenticationError(
      `${address}: SaslHandshake failed with error ${hs.errorCode}`,
      "KAFKA_SECURITY_PROTOCOL",
    );

  const step = async (message: string) => {
    const res = decodeSaslAuthenticate(
      await send((id) => encodeSaslAuthenticate(Buffer.from(message, "utf8"), id, clientId)),
    );
    if (res.errorCode === SASL_AUTHENTICATION_FAILED || res.errorCode === ILLEGAL_SASL_STATE)
      throw new KafkaAuthenticationError(
        `${address}: ${sasl.mechanism} authentication of user ${JSON.stringify(sasl.username)} failed` +
          (res.errorMessage ? ` (${res.errorMessage})` : ""),
        "KAFKA_SASL_PASSWORD",
      );
    if (res.errorCode !== 0)
      throw new KafkaAuthenticationError(
        `${address}: SaslAuthenticate failed with error ${res.errorCode}`,
        "KAFKA_SASL_MECHANISM",
      );
    return res;
  };

  if (sasl.mechanism === "PLAIN") {
    const res = await step(`\u0000${sasl.username}\u0000${sasl.password}`);
    return res.sessionLifetimeMs;
  }
  const scram = createScramClient({
    hash: sasl.mechanism === "SCRAM-SHA-256" ? "sha256" : "sha512",
    username: sasl.username,
    password: sasl.password,
  });
  const first = await step(scram.first());
  const final = await step(scram.final(first.authBytes.toString("utf8")));
  scram.verify(final.authBytes.toString("utf8"));
  return final.sessionLifetimeMs;
}
