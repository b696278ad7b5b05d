/**
 * The Produce requests of one send: one per leader, laid out for its partitions' batches, and
 * the acknowledgements read back into each partition's error code. A partition without a leader
 * gets a buffer (its batch is written, kept for the resend) but no request.
 */

import type { Leaders } from "./leaders";
import type { Group } from "./partition-batches";
import { decodeProduceResponse, layoutProduceRequest } from "./produce-request";

const LEADER_NOT_AVAILABLE = 5;
const UNKNOWN_TOPIC_OR_PARTITION = 3;
const NETWORK_EXCEPTION = 13;
const UNKNOWN_SERVER_ERROR = -1;

export interface ProduceRequest {
  leader: number;
  groups: Group[];
  buf: Buffer;
}

export interface RequestHeader {
  correlationId: number;
  clientId: string;
  acks: number;
  timeoutMs: number;
}

/** Lays out one request per leader for `groups`; groups without a leader get a buffer but no request. */
export function layout(groups: Group[], leaders: Leaders, header: RequestHeader): ProduceRequest[] {
  const byLeader = new Map<number, Group[]>();
  for (const g of groups) {
    const leader = leaders.leaderOf(g);
    let list = byLeader.get(leader);
    if (!list) byLeader.set(leader, (list = []));
    list.push(g);
  }
  const requests: ProduceRequest[] = [];
  for (const [leader, list] of byLeader) {
    list.sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
    const buf = layoutProduceRequest(list, header);
    for (const g of list) g.buf = buf;
    requests.push({ leader, groups: list, buf });
  }
  return requests;
}

/** Sends one request; sets each group's error code (0 when acknowledged). */
export async function dispatch({ leader, groups, buf }: ProduceRequest, leaders: Leaders): Promise<void> {
  if (leader < 0) {
    for (const g of groups) g.error = leaders.knows(g) ? LEADER_NOT_AVAILABLE : UNKNOWN_TOPIC_OR_PARTITION;
    return;
  }
  let results: ReturnType<typeof decodeProduceResponse>;
  try {
    const conn = await leaders.connection(leader);
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
}
