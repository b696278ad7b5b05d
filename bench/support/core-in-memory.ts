/**
 * The worker bench's "core in memory" figure: decode + aggregate with no Kafka and no Postgres,
 * a frame every 50,000 events (ten times the live worker's frames per event at 500,000 events/s).
 *
 * The messages are packed back to back in one buffer and decoded in place with decodeEventAt,
 * as the worker's batch counter decodes a fetched batch, in a process of their own. Until
 * 2026-12-04 the figure was taken over the bench's million pre-encoded messages as objects on the
 * heap (a Buffer and a wrapper each, about 180 MB), which every full collection traced: the
 * figure then followed where the heap's limits fell rather than the code (1.3 MB more of
 * endpoint rings, issue 15's fix, cost it 11 %, with the same code otherwise within 1 %).
 */
import type { Aggregator } from "../../core/aggregation/aggregator";
import { decodeEventAt, type EventType } from "../../core/events/decode";

const typeOfTopic = { orders: "order", api: "api", downloads: "download" } as const;
const types: readonly EventType[] = ["order", "api", "download"];

/** Messages back to back: message i is `data[starts[i]..ends[i])`, of the stream `types[kind[i]]`. */
export interface PackedEvents {
  data: Buffer;
  starts: Int32Array;
  ends: Int32Array;
  kind: Uint8Array;
}

/** Packs encoded messages into one buffer (the caller drops the objects before measuring). */
export function packEvents(
  events: ReadonlyArray<{ topic: keyof typeof typeOfTopic; value: Buffer }>,
): PackedEvents {
  const n = events.length;
  const starts = new Int32Array(n);
  const ends = new Int32Array(n);
  const kind = new Uint8Array(n);
  let length = 0;
  for (let i = 0; i < n; i++) {
    starts[i] = length;
    length += events[i]!.value.length;
    ends[i] = length;
    kind[i] = types.indexOf(typeOfTopic[events[i]!.topic]);
  }
  const data = Buffer.allocUnsafe(length);
  for (let i = 0; i < n; i++) events[i]!.value.copy(data, starts[i]!);
  return { data, starts, ends, kind };
}

/** Decodes and aggregates every packed message (18 partitions, a frame every 50,000). */
export function runCore(
  agg: Aggregator,
  packed: PackedEvents,
  decode: typeof decodeEventAt = decodeEventAt,
): { rate: number; perCpuSec: number } {
  const { data, starts, ends, kind } = packed;
  const n = starts.length;
  const c0 = performance.now();
  const cpu0 = process.cpuUsage();
  for (let off = 0; off < n; off++) {
    const d = decode(data, starts[off]!, ends[off]!, types[kind[off]!]);
    if (d.ok) agg.ingest(off % 18, off, d.event, true);
    else agg.invalid(off % 18, true);
    if (off % 50_000 === 0) agg.frame();
  }
  const cpu = process.cpuUsage(cpu0);
  return {
    rate: n / ((performance.now() - c0) / 1000),
    perCpuSec: n / ((cpu.user + cpu.system) / 1e6),
  };
}
