import { describe, expect, it } from "vitest";
import {
  decodeSaslAuthenticate,
  decodeSaslHandshake,
  encodeSaslAuthenticate,
  encodeSaslHandshake,
  saslAuthenticate,
} from "./sasl";

describe("SASL framing", () => {
  it("encodes SaslHandshake v1 and SaslAuthenticate v2 (flexible header and compact bytes)", () => {
    const hs = encodeSaslHandshake("PLAIN", 7, "lw");
    expect(hs.readInt32BE(0)).toBe(hs.length - 4);
    expect([hs.readInt16BE(4), hs.readInt16BE(6), hs.readInt32BE(8)]).toEqual([17, 1, 7]);
    expect(hs.subarray(12).toString("latin1")).toBe("\u0000\u0002lw\u0000\u0005PLAIN");

    const auth = encodeSaslAuthenticate(Buffer.from("abc"), 8, "lw");
    expect([auth.readInt16BE(4), auth.readInt16BE(6), auth.readInt32BE(8)]).toEqual([36, 2, 8]);
    // client id, empty header tags, compact bytes (length + 1), empty body tags
    expect([...auth.subarray(12)]).toEqual([0, 2, 0x6c, 0x77, 0, 4, 0x61, 0x62, 0x63, 0]);
  });

  it("decodes the responses", () => {
    const hs = Buffer.from([0, 33, 0, 0, 0, 1, 0, 13, ...Buffer.from("SCRAM-SHA-512")]);
    expect(decodeSaslHandshake(hs)).toEqual({ errorCode: 33, mechanisms: ["SCRAM-SHA-512"] });
    const lifetime = Buffer.alloc(8);
    lifetime.writeBigInt64BE(20_000n);
    const auth = Buffer.from([0, 0, 58, 3, 0x6e, 0x6f, 3, 0x78, 0x79, ...lifetime, 0]);
    expect(decodeSaslAuthenticate(auth)).toEqual({
      errorCode: 58,
      errorMessage: "no",
      authBytes: Buffer.from("xy"),
      sessionLifetimeMs: 20_000,
    });
  });

  it("names KAFKA_SASL_MECHANISM when the broker does not enable the mechanism", async () => {
    let id = 0;
    const err = await saslAuthenticate({
      request: async () => Buffer.from([0, 33, 0, 0, 0, 1, 0, 5, ...Buffer.from("PLAIN")]),
      nextCorrelationId: () => ++id,
      sasl: { mechanism: "SCRAM-SHA-256", username: "u", password: "p" },
      clientId: "lw",
      address: "b:1",
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ setting: "KAFKA_SASL_MECHANISM" });
    expect(String(err)).toContain("enables PLAIN");
  });
});
