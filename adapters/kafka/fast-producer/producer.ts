/**
 * A lean Kafka producer for one hot path: it writes RecordBatch v2 bytes straight into the
 * Produce request buffer (one allocation per request, no per-record buffers or copies) and
 * sends requests to each partition's leader on raw TCP connections, several in flight.
 * kafkajs (through {@link MetadataSource}) tells it where the leaders are.
 *
 * Delivery: acks=1 (leader) or -1 (all in-sync replicas); every partition's error code is
 * checked. Retriable errors (leader moved, timeouts, a dropped connection) refresh the metadata
 * and resend that partition's batch, up to `retries` times; anything else, or retries used up,
 * rejects `send` with a {@link KafkaProduceError}. As with any non-idempotent producer, a
 * resend may duplicate a batch the broker had written, and with several sends in flight a
 * resent batch may land after a later one of the same partition.
 */

import { type KafkaSecurity, plaintext } from "../security";
import { type BrokerConnection, connectBroker } from "../wire/connection";
import { isRetriableCode, KafkaConnectionError, KafkaProduceError } from "../wire/errors";
import type { ClusterMetadata, MetadataSource } from "../wire/metadata";
import { decodeProduceResponse, layoutProduceRequest, type PartitionEntry } from "./produce-request";
import { BATCH_HEADER_BYTES, recordSize, writeBatchHeader, writeRecord } from "./record-batch";
import { type RecordColumns, sliceColumns } from "./record-columns";

export interface FastProducerOptions {
  /** Topic names; `RecordColumns.topic` indexes into this list. */
  topics: readonly string[];
  metadata: MetadataSource;
  /** Default "launchwatch". */
  clientId?: string;
  /** 1 (leader, default) or -1 (all in-sync replicas). */
  acks?: 1 | -1;
  /** How long the broker may wait for replicas (acks -1), default 30,000 ms. */
  ackTimeoutMs?: number;
  /** How long a request may go unanswered before its connection is dropped, default 30,000 ms. */
  requestTimeoutMs?: number;
  /** Resends of a partition's batch after a retriable error, default 5. */
  retries?: number;
  /** First wait before a resend, doubled each time up to 2 s, default 100 ms. */
  retryBackoffMs?: number;
  /** A partition's batch above this many bytes is split over requests, default 1,000,000 (Kafka's message.max.bytes). */
  maxBatchBytes?: number;
  /** Batch timestamp, default Date.now. */
  now?: () => number;
  connect?: typeof connectBroker;
  /** TLS and SASL of the connections, default PLAINTEXT. */
  security?: KafkaSecurity;
}

export interface FastProducer {
  /** Sends the records; resolves once every partition's batch is acknowledged. */
  send(records: RecordColumns): Promise<void>;
  /** Waits for the sends in flight, then closes the connections. */
  close(): Promise<void>;
}

/** One partition's records in one send. */
interface Group extends PartitionEntry {
  topicIndex: number;
  count: number;
  written: number;
  cursor: number;
  buf: Buffer | null;
  /** The encoded batch, kept for resends. */
  bytes: Uint8Array | null;
  /** Error code of the last attempt, 0 when acknowledged. */
  error: number;
  cause: unknown;
}

const LEADER_NOT_AVAILABLE = 5;
const UNKNOWN_TOPIC_OR_PARTITION = 3;
const NETWORK_EXCEPTION = 13;
const UNKNOWN_SERVER_ERROR = -1;

/** Connects nothing yet: fetches metadata, then connects to leaders on first use. */
export async function createFastProducer({
  topics,
  metadata,
  clientId = "launchwatch",
  acks = 1,
  ackTimeoutMs = 30_000,
  requestTimeoutMs = 30_000,
  retries = 5,
  retryBackoffMs = 100,
  maxBatchBytes = 1_000_000,
  now = Date.now,
  connect = connectBroker,
  security = plaintext,
}: FastProducerOptions): Promise<FastProducer> {
  let meta: ClusterMetadata = await metadata(topics);
  let refreshing: Promise<void> | null = null;
  const refresh = () =>
    (refreshing ??= metadata(topics)
      .then((m) => {
        meta = m;
      })
      .finally(() => {
        refreshing = null;
      }));
  const leaderOf = (g: Group): number => meta.leaders.get(g.topic)?.[g.partition] ?? -1;

  const connections = new Map<number, Promise<BrokerConnection>>();
  const connection = async (node: number): Promise<BrokerConnection> => {
    const known = connections.get(node);
    if (known) {
      const c = await known.catch(() => null);
      if (c && !c.closed) return c;
      if (connections.get(node) !== known) return connection(node);
    }
    const address = meta.brokers.get(node);
    if (!address) throw new KafkaConnectionError(`broker ${node} is not in the metadata`);
    const p = connect({ ...address, requestTimeoutMs, security, clientId });
    connections.set(node, p);
    p.catch(() => {
      if (connections.get(node) === p) connections.delete(node);
    });
    return p;
  };

  const header = { correlationId: 0, clientId, acks, timeoutMs: ackTimeoutMs };
  const inFlight = new Set<Promise<void>>();
  let closing = false;

  /** Lays out one request per leader for `groups`; groups without a leader get a buffer but no request. */
  const layout = (groups: Group[]) => {
    const byLeader = new Map<number, Group[]>();
    for (const g of groups) {
      const leader = leaderOf(g);
      let list = byLeader.get(leader);
      if (!list) byLeader.set(leader, (list = []));
      list.push(g);
    }
    const requests: Array<{ leader: number; groups: Group[]; buf: Buffer }> = [];
    for (const [leader, list] of byLeader) {
      list.sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
      const buf = layoutProduceRequest(list, header);
      for (const g of list) g.buf = buf;
      requests.push({ leader, groups: list, buf });
    }
    return requests;
  };

  /** Sends one request; sets each group's error code (0 when acknowledged). */
  const dispatch = async ({ leader, groups, buf }: { leader: number; groups: Group[]; buf: Buffer }) => {
    if (leader < 0) {
      for (const g of groups) {
        const known = meta.leaders.get(g.topic);
        g.error = known && g.partition < known.length ? LEADER_NOT_AVAILABLE : UNKNOWN_TOPIC_OR_PARTITION;
      }
      return;
    }
    let results: ReturnType<typeof decodeProduceResponse>;
    try {
      const conn = await connection(leader);
      const id = conn.nextCorrelationId();
      buf.writeInt32BE(id, 8);
      results = decodeProduceResponse(await conn.request(buf, id));
    } catch (cause) {
      for (const g of groups) {
        g.error = NETWORK_EXCEPTION;
        g.cause = cause;
      }
      return;
    }
    for (const g of groups) g.error = UNKNOWN_SERVER_ERROR;
    for (const r of results) {
      const g = groups.find((x) => x.partition === r.partition && x.topic === r.topic);
      if (g) g.error = r.errorCode;
    }
  };

  const sendColumns = async (r: RecordColumns): Promise<void> => {
    const n = r.count;
    if (n === 0) return;
    // Pass 1: each partition's record count and batch size.
    const bySlot = new Map<number, number>();
    const groups: Group[] = [];
    const groupOf = new Int32Array(n);
    const ko = r.keyOffsets;
    const vo = r.valueOffsets;
    for (let i = 0; i < n; i++) {
      const t = r.topic[i]!;
      const p = r.partition[i]!;
      const slot = t * 0x200000 + p;
      let gi = bySlot.get(slot);
      if (gi === undefined) {
        const topic = topics[t];
        if (topic === undefined) throw new RangeError(`record ${i}: no topic at index ${t}`);
        gi = groups.length;
        bySlot.set(slot, gi);
        groups.push({
          topic,
          partition: p,
          topicIndex: t,
          batchBytes: BATCH_HEADER_BYTES,
          batchStart: 0,
          count: 0,
          written: 0,
          cursor: 0,
          buf: null,
          bytes: null,
          error: 0,
          cause: undefined,
        });
      }
      const g = groups[gi]!;
      g.batchBytes += recordSize(g.count, ko[i + 1]! - ko[i]!, vo[i + 1]! - vo[i]!);
      g.count++;
      groupOf[i] = gi;
    }
    if (n > 1 && groups.some((g) => g.batchBytes > maxBatchBytes)) {
      const half = n >> 1;
      await sendColumns(sliceColumns(r, 0, half));
      await sendColumns(sliceColumns(r, half, n));
      return;
    }
    if (groups.some((g) => leaderOf(g) < 0)) await refresh();

    // Pass 2: records straight into their partition's place in the request.
    const requests = layout(groups);
    for (const g of groups) g.cursor = g.batchStart + BATCH_HEADER_BYTES;
    for (let i = 0; i < n; i++) {
      const g = groups[groupOf[i]!]!;
      g.cursor = writeRecord(
        g.buf!,
        g.cursor,
        g.written++,
        r.keys,
        ko[i]!,
        ko[i + 1]!,
        r.values,
        vo[i]!,
        vo[i + 1]!,
      );
    }
    const ts = now();
    for (const g of groups) {
      const end = g.batchStart + g.batchBytes;
      if (g.cursor !== end)
        throw new Error(
          `batch of ${g.topic}[${g.partition}]: wrote ${g.cursor - g.batchStart} of ${g.batchBytes} bytes`,
        );
      writeBatchHeader(g.buf!, g.batchStart, end, g.count, ts);
      g.bytes = g.buf!.subarray(g.batchStart, end);
    }
    await Promise.all(requests.map(dispatch));

    // Resends: retriable failures after a metadata refresh, with backoff.
    for (let attempt = 1; ; attempt++) {
      const failed = groups.filter((g) => g.error !== 0);
      if (failed.length === 0) return;
      const fatal = failed.find((g) => !isRetriableCode(g.error));
      if (fatal || attempt > retries) {
        const g = fatal ?? failed[0]!;
        throw new KafkaProduceError(g.topic, g.partition, g.error, { attempts: attempt, cause: g.cause });
      }
      await new Promise((res) => setTimeout(res, Math.min(2000, retryBackoffMs * 2 ** (attempt - 1))));
      await refresh().catch(() => {});
      const again = layout(failed);
      for (const g of failed) g.buf!.set(g.bytes!, g.batchStart);
      await Promise.all(again.map(dispatch));
    }
  };

  return {
    send(records) {
      if (closing) return Promise.reject(new KafkaConnectionError("producer is closed"));
      const p = sendColumns(records);
      const tracked = p.then(
        () => {},
        () => {},
      );
      inFlight.add(tracked);
      void tracked.finally(() => inFlight.delete(tracked));
      return p;
    },
    async close() {
      closing = true;
      await Promise.all(inFlight);
      const conns = await Promise.allSettled(connections.values());
      connections.clear();
      await Promise.all(conns.map((c) => (c.status === "fulfilled" ? c.value.close() : undefined)));
    },
  };
}
