/**
 * Interns strings to small integers with a hard cap, so a stream with unbounded keys (error
 * classes, unknown endpoints) cannot grow memory: keys past the cap share the overflow slot.
 */
export const overflowKey = "(other)";

export interface Dictionary {
  /** Index of `key`, interning it if there is room, else the overflow index. */
  index(key: string): number;
  name(index: number): string;
  readonly size: number;
  readonly capacity: number;
}

/** @param capacity most distinct keys kept, overflow included (default 64) */
export function createDictionary({ capacity = 64, initial = [] as readonly string[] } = {}): Dictionary {
  const names: string[] = [];
  const ids = new Map<string, number>();
  let overflow = -1;
  const add = (key: string) => {
    const i = names.push(key) - 1;
    ids.set(key, i);
    return i;
  };
  for (const k of initial) if (!ids.has(k) && names.length < capacity - 1) add(k);
  return {
    index(key) {
      const i = ids.get(key);
      if (i !== undefined) return i;
      if (names.length < capacity - 1) return add(key);
      if (overflow < 0) overflow = add(overflowKey);
      return overflow;
    },
    name: (i) => names[i] ?? overflowKey,
    get size() {
      return names.length;
    },
    capacity,
  };
}
