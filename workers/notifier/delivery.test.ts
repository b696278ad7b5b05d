import { describe, expect, it } from "vitest";
import type { Outbox } from "../../adapters/db/outbox";
import { silentLogger } from "../../adapters/log";
import { createReceiver } from "../../adapters/webhooks/receivers";
import { ReceiverSchema } from "../../core/alerts/policy";
import { createDeliverer } from "./delivery";

const receiver = (timeout: string) =>
  createReceiver(ReceiverSchema.parse({ name: "ops", type: "webhook", url_env: "X", timeout }), {
    url: "https://hooks.example.com/a",
  });

// Construction only: the check runs before the outbox is ever used.
const outbox = {} as Outbox;

describe("delivery lease (issue 16)", () => {
  it("a receiver's timeout must stay below the delivery lease (else a slow request is claimed and sent twice)", () => {
    const make = (timeout: string, leaseMs: number) => () =>
      createDeliverer({
        outbox,
        receivers: new Map([["ops", receiver(timeout)]]),
        owner: "t",
        logger: silentLogger,
        leaseMs,
      });
    expect(make("10s", 15_000)).toThrow(/LW_DELIVERY_LEASE_MS.*ops/);
    expect(make("10s", 60_000)).not.toThrow();
    expect(make("700ms", 1500)).not.toThrow();
  });
});
