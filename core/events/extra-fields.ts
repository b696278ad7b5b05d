/**
 * Counts of fields events carried beyond the contract, per event type and field name, so that a
 * producer's change (a new trace id, a coupon code) is visible without dead-lettering anything.
 * The names come from producers, so their number is capped: past `maxFields` distinct names,
 * further new names are counted under `(other)`.
 */
import type { EventType } from "./decode";

export const otherField = "(other)";

export interface ExtraFieldCounts {
  note(type: EventType, fields: readonly string[]): void;
  /** Every count so far, as `{ type, field, count }`. */
  entries(): Array<{ type: EventType; field: string; count: number }>;
}

/** `maxFields` (default 50): distinct (type, field) names kept before `(other)` takes the rest. */
export function createExtraFieldCounts({ maxFields = 50 }: { maxFields?: number } = {}): ExtraFieldCounts {
  const counts = new Map<string, { type: EventType; field: string; count: number }>();
  return {
    note(type, fields) {
      for (const field of fields) {
        let entry = counts.get(`${type}\u0000${field}`);
        if (!entry) {
          const named = counts.size < maxFields;
          const key = `${type}\u0000${named ? field : otherField}`;
          entry = counts.get(key);
          if (!entry) counts.set(key, (entry = { type, field: named ? field : otherField, count: 0 }));
        }
        entry.count++;
      }
    },
    entries: () => [...counts.values()].map((e) => ({ ...e })),
  };
}
