/**
 * A source mapping (core/sources) applied to the records of a fetched batch: the record's value
 * (as its bytes in the batch, decoded only if the mapping's byte reader cannot read them), key,
 * headers and timestamp handed to the mapper, its failures turned into dead-letter reasons.
 */
import type { DecodeResult, EventType } from "../../core/events/decode";
import { eventTypeOf, type SourceKind } from "../../core/sources/fields";
import { mapFailureReason, type RecordMapper } from "../../core/sources/mapper";
import { readHeader } from "./record-headers";
import type { SourceBatch } from "./source-batch";

export interface BatchDecoder {
  type: EventType;
  /** null: skipped by the mapping's filter (neither counted nor dead-lettered). */
  decode(batch: SourceBatch, i: number): DecodeResult | null;
}

export function mappedDecoder(kind: SourceKind, map: RecordMapper): BatchDecoder {
  let batch: SourceBatch;
  let i = 0;
  const record = {
    data: undefined as Buffer | undefined,
    valueStart: -1,
    valueEnd: -1,
    /** Decoded only when the mapping's byte reader cannot read the bytes. */
    get value(): string | null {
      const vs = batch.valueStart[i]!;
      return vs < 0 ? null : batch.data.toString("utf8", vs, batch.valueEnd[i]!);
    },
    /** Read only when the mapping asks for it. */
    get key(): string | null {
      const ks = batch.keyStart[i]!;
      return ks < 0 ? null : batch.data.toString("utf8", ks, batch.keyEnd[i]!);
    },
    timestamp: null as number | null,
    header(name: string): string | null {
      return batch.headerStart
        ? readHeader(batch.data, batch.headerStart[i]!, batch.headerEnd![i]!, name)
        : null;
    },
  };
  return {
    type: eventTypeOf[kind],
    decode(b, at) {
      batch = b;
      i = at;
      record.data = b.data;
      record.valueStart = b.valueStart[at]!;
      record.valueEnd = b.valueEnd[at]!;
      const ts = b.timestamps?.[at];
      record.timestamp = ts === undefined || Number.isNaN(ts) ? null : ts;
      const r = map(record);
      if (r.ok === true) return r;
      if (r.ok === "filtered") return null;
      return { ok: false, reason: mapFailureReason(kind, r) };
    },
  };
}
