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
 *
 * The jobs, one file each: leaders.ts (metadata, a connection per leader), partition-batches.ts
 * (records into batches), dispatch.ts (a request per leader, its acknowledgements), resend.ts
 * (retries). This module splits sends that are too large and keeps track of those in flight.
 */

import { type KafkaSecurity, plaintext } from "../security";
import { connectBroker } from "../wire/connection";
import { KafkaConnectionError } from "../wire/errors";
import type { MetadataSource } from "../wire/metadata";
import { dispatch, layout } from "./dispatch";
import { createLeaders } from "./leaders";
import { groupRecords, writeBatches } from "./partition-batches";
import { type RecordColumns, sliceColumns } from "./record-columns";
import { resendFailed } from "./resend";

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
  const leaders = await createLeaders({ topics, metadata, connect, requestTimeoutMs, security, clientId });
  const header = { correlationId: 0, clientId, acks, timeoutMs: ackTimeoutMs };
  const inFlight = new Set<Promise<void>>();
  let closing = false;

  const sendColumns = async (r: RecordColumns): Promise<void> => {
    const n = r.count;
    if (n === 0) return;
    const { groups, groupOf } = groupRecords(r, topics);
    if (n > 1 && groups.some((g) => g.batchBytes > maxBatchBytes)) {
      const half = n >> 1;
      await sendColumns(sliceColumns(r, 0, half));
      await sendColumns(sliceColumns(r, half, n));
      return;
    }
    if (groups.some((g) => leaders.leaderOf(g) < 0)) await leaders.refresh();
    const requests = layout(groups, leaders, header);
    writeBatches(r, groups, groupOf, now);
    await Promise.all(requests.map((q) => dispatch(q, leaders)));
    await resendFailed(groups, { leaders, header, retries, retryBackoffMs });
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
      await leaders.close();
    },
  };
}
