/**
 * A batch of messages packed for a producer thread: two strings and four typed arrays, so
 * postMessage copies a few large blocks instead of cloning thousands of objects. Unpacked values
 * are slices of one string (V8 shares the memory), which kafkajs encodes directly.
 */
import type { Message } from "kafkajs";
import { type TopicRole, topicRoles } from "../core/simulation/wire";

export interface PackedBatch {
  /** Index into topicRoles, per message. */
  roles: Uint8Array;
  partitions: Int32Array;
  keyLengths: Int32Array;
  valueLengths: Int32Array;
  keys: string;
  values: string;
}

/** Accumulates messages for one producer lane. */
export class BatchPacker {
  private roles: number[] = [];
  private partitions: number[] = [];
  private keys: string[] = [];
  private values: string[] = [];
  private perSlot = new Map<number, number>();
  private fullest = 0;

  get size(): number {
    return this.roles.length;
  }

  /** Most messages any one topic-partition has in the batch. */
  get largestPartition(): number {
    return this.fullest;
  }

  /** Adds a message; `slot` identifies its topic-partition. */
  add(role: number, partition: number, slot: number, key: string, value: string): void {
    this.roles.push(role);
    this.partitions.push(partition);
    this.keys.push(key);
    this.values.push(value);
    const c = (this.perSlot.get(slot) ?? 0) + 1;
    this.perSlot.set(slot, c);
    if (c > this.fullest) this.fullest = c;
  }

  /** Returns the packed batch and starts a new one. */
  take(): PackedBatch {
    const n = this.roles.length;
    const keyLengths = new Int32Array(n);
    const valueLengths = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      keyLengths[i] = this.keys[i]!.length;
      valueLengths[i] = this.values[i]!.length;
    }
    const packed = {
      roles: Uint8Array.from(this.roles),
      partitions: Int32Array.from(this.partitions),
      keyLengths,
      valueLengths,
      keys: this.keys.join(""),
      values: this.values.join(""),
    };
    this.roles = [];
    this.partitions = [];
    this.keys = [];
    this.values = [];
    this.perSlot.clear();
    this.fullest = 0;
    return packed;
  }
}

/** Messages per topic role, ready for sendBatch. */
export function unpack(batch: PackedBatch): Record<TopicRole, Message[]> {
  const out: Record<TopicRole, Message[]> = { orders: [], downloads: [], api: [] };
  let k = 0;
  let v = 0;
  for (let i = 0; i < batch.roles.length; i++) {
    const kl = batch.keyLengths[i]!;
    const vl = batch.valueLengths[i]!;
    out[topicRoles[batch.roles[i]!]!].push({
      key: batch.keys.slice(k, k + kl),
      value: batch.values.slice(v, v + vl),
      partition: batch.partitions[i]!,
    });
    k += kl;
    v += vl;
  }
  return out;
}

/** Messages per role in a packed batch. */
export function countRoles(batch: PackedBatch): Record<TopicRole, number> {
  const out: Record<TopicRole, number> = { orders: 0, downloads: 0, api: 0 };
  for (let i = 0; i < batch.roles.length; i++) out[topicRoles[batch.roles[i]!]!]++;
  return out;
}
