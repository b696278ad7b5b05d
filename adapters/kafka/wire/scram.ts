/**
 * The client side of SCRAM (RFC 5802) with SHA-256 or SHA-512 (RFC 7677), as Kafka's
 * SCRAM-SHA-* mechanisms use it: no channel binding (gs2 header `n,,`), no authorization id.
 * Pure message building and checking; the caller carries the messages over SaslAuthenticate.
 */
import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from "node:crypto";
import { KafkaAuthenticationError } from "./errors";

export type ScramHash = "sha256" | "sha512";

export interface ScramClient {
  /** client-first-message. */
  first(): string;
  /** client-final-message for the server-first-message. */
  final(serverFirst: string): string;
  /** Checks the server-final-message proves the server knows the password; throws if not. */
  verify(serverFinal: string): void;
}

const hashBytes: Record<ScramHash, number> = { sha256: 32, sha512: 64 };

/** `=` and `,` escaped as RFC 5802 saslname requires. */
const saslName = (s: string) => s.replaceAll("=", "=3D").replaceAll(",", "=2C");

function attributes(message: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of message.split(",")) {
    const eq = part.indexOf("=");
    if (eq === 1) out.set(part[0]!, part.slice(2));
  }
  return out;
}

/**
 * A SCRAM exchange for one authentication. `nonce` is for tests (RFC test vectors); the
 * default is 24 random bytes.
 */
export function createScramClient({
  hash,
  username,
  password,
  nonce = randomBytes(24).toString("base64"),
  mechanism = hash === "sha256" ? "SCRAM-SHA-256" : "SCRAM-SHA-512",
}: {
  hash: ScramHash;
  username: string;
  password: string;
  nonce?: string;
  mechanism?: string;
}): ScramClient {
  const firstBare = `n=${saslName(username)},r=${nonce}`;
  let authMessage = "";
  let serverKey: Buffer | null = null;
  const hmac = (key: Buffer, text: string) => createHmac(hash, key).update(text).digest();
  const fail = (why: string) => new KafkaAuthenticationError(`${mechanism}: ${why}`, "KAFKA_SASL_PASSWORD");

  return {
    first: () => `n,,${firstBare}`,
    final(serverFirst) {
      const a = attributes(serverFirst);
      if (a.has("e")) throw fail(`the broker refused: ${a.get("e")}`);
      if (a.has("m")) throw fail("the broker asks for an extension this client does not know");
      const serverNonce = a.get("r");
      const salt = a.get("s");
      const iterations = Number(a.get("i"));
      if (!serverNonce?.startsWith(nonce) || serverNonce.length === nonce.length)
        throw fail("the broker's nonce does not extend ours");
      if (!salt || !Number.isInteger(iterations) || iterations < 1)
        throw fail("malformed server-first-message");
      // Kafka salts the UTF-8 bytes as they are (its ScramFormatter does no SASLprep).
      const salted = pbkdf2Sync(password, Buffer.from(salt, "base64"), iterations, hashBytes[hash], hash);
      const clientKey = hmac(salted, "Client Key");
      const storedKey = createHash(hash).update(clientKey).digest();
      serverKey = hmac(salted, "Server Key");
      const withoutProof = `c=biws,r=${serverNonce}`;
      authMessage = `${firstBare},${serverFirst},${withoutProof}`;
      const signature = hmac(storedKey, authMessage);
      const proof = Buffer.alloc(clientKey.length);
      for (let i = 0; i < proof.length; i++) proof[i] = clientKey[i]! ^ signature[i]!;
      return `${withoutProof},p=${proof.toString("base64")}`;
    },
    verify(serverFinal) {
      const a = attributes(serverFinal);
      if (a.has("e")) throw fail(`the broker refused: ${a.get("e")}`);
      const v = a.get("v");
      if (!serverKey || v === undefined) throw fail("malformed server-final-message");
      const expected = hmac(serverKey, authMessage);
      const got = Buffer.from(v, "base64");
      if (got.length !== expected.length || !timingSafeEqual(got, expected))
        throw fail("the broker's signature does not match: it does not know this user's credentials");
    },
  };
}
