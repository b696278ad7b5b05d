/**
 * Event, order and user ids. Derived from sequence numbers and a per-seed tag, so they are
 * unique within a run, identical across runs with the same seed, and short on the wire.
 */
import { hashSeed, mix32 } from "./rng";

/** Existing app users that order, update and invite. New installs get ids above this range. */
export const existingUsers = 40_000_000;

export interface IdFactory {
  /** Three base-36 characters from the seed, the prefix of every id of the run. */
  readonly tag: string;
  orderId(seq: number): string;
  /** Users are a deterministic function of the order, so every event of an order agrees. */
  orderUserId(seq: number): string;
  downloadId(seq: number): string;
  apiId(seq: number): string;
  /** An id for an order at a shop that does not exist (chaos). */
  strayOrderId(seq: number): string;
  /** An existing user picked by a random 32-bit number. */
  existingUser(r32: number): string;
  /** The `n`-th user who installed the app during the run. */
  newUser(n: number): string;
}

/** Creates the id factory for `seed`. */
export function createIds(seed: string): IdFactory {
  const h = hashSeed(`${seed}\u0000ids`)[0];
  const tag = (h % 46_656).toString(36).padStart(3, "0");
  const user = (n: number) => `u${n.toString(36)}`;
  return {
    tag,
    orderId: (seq) => `${tag}o${seq.toString(36)}`,
    orderUserId: (seq) => user(mix32(seq ^ h) % existingUsers),
    downloadId: (seq) => `${tag}d${seq.toString(36)}`,
    apiId: (seq) => `${tag}a${seq.toString(36)}`,
    strayOrderId: (seq) => `${tag}x${seq.toString(36)}`,
    existingUser: (r32) => user(r32 % existingUsers),
    newUser: (n) => user(existingUsers + n),
  };
}
