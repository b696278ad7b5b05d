/**
 * The SASL session of one connection: the first authentication before the connection is handed
 * out, and a re-authentication before the session lifetime the broker gave ends (KIP-368). The
 * broker wants no other request in between, so a re-authentication waits for the requests in
 * flight to be answered and holds new ones back (`gate`) until it is done.
 */
import type { KafkaSasl } from "../security";
import type { InFlight } from "./in-flight";
import { saslAuthenticate } from "./sasl";

export interface SaslSession {
  /** Authenticates (nothing to do without SASL) and sets the re-authentication the lifetime asks for. */
  authenticate(): Promise<void>;
  /** Set while re-authenticating: requests wait for it. */
  readonly gate: Promise<void> | null;
  /** Authentications done (1 + re-authentications); 0 without SASL. */
  readonly authentications: number;
  /** No re-authentication after this: the connection is closed. */
  stop(): void;
}

export function createSaslSession(
  {
    sasl,
    clientId,
    address,
    reauthAt,
  }: {
    sasl: KafkaSasl | undefined;
    clientId: string;
    /** host:port, for messages. */
    address: string;
    /** Share of the session lifetime after which to re-authenticate. */
    reauthAt: number;
  },
  /** The connection's parts the session works with. */
  {
    send,
    nextCorrelationId,
    requests,
    closed,
    fail,
  }: {
    /** Sends a request past the gate (the SASL requests are the ones it holds the others back for). */
    send(frame: Buffer, correlationId: number): Promise<Buffer>;
    nextCorrelationId(): number;
    requests: InFlight;
    closed(): boolean;
    fail(err: Error): void;
  },
): SaslSession {
  let authentications = 0;
  let gate: Promise<void> | null = null;
  let reauthTimer: NodeJS.Timeout | null = null;

  const authenticate = async () => {
    if (!sasl) return;
    const lifetimeMs = await saslAuthenticate({ request: send, nextCorrelationId, sasl, clientId, address });
    authentications++;
    if (lifetimeMs > 0 && !closed()) {
      reauthTimer = setTimeout(reauthenticate, Math.max(1, Math.floor(lifetimeMs * reauthAt)));
      reauthTimer.unref();
    }
  };

  const reauthenticate = () => {
    reauthTimer = null;
    gate = (async () => {
      if (requests.size > 0) await requests.idle();
      if (closed()) return;
      await authenticate();
    })()
      .catch((err: unknown) => fail(err instanceof Error ? err : new Error(String(err))))
      .finally(() => {
        gate = null;
      });
  };

  return {
    authenticate,
    get gate() {
      return gate;
    },
    get authentications() {
      return authentications;
    },
    stop() {
      if (reauthTimer) clearTimeout(reauthTimer);
    },
  };
}
