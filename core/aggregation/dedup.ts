/**
 * Remembers event ids for at least an event-time horizon, so a re-sent event is counted once.
 *
 * Memory: ids are kept as 96-bit hashes in typed-array hash sets (open addressing, linear
 * probing, at most three quarters full): 12 bytes a slot, 16 to 32 bytes an id, no object per
 * id and nothing for the garbage collector to trace. Two generations of at most `horizonMs` each: an
 * id is remembered for between one and two horizons; on rotation the older set is cleared and
 * reused. Two different ids are mistaken for each other with probability 2^-96 per pair (a
 * false "duplicate" would drop a new event; at 10^7 ids a horizon that is about 10^-15).
 *
 * Generations follow the watermark handed to {@link Dedup.expire} (the closed event time, which
 * no single event moves), never the event times of the ids themselves: a late event's old time
 * or a future one cannot make generations rotate early, so how long an id is remembered is
 * bounded only by the horizon and by `maxIds` (a generation holding that many ids rotates, which
 * bounds memory when the watermark stalls).
 */
export interface Dedup {
  /** True if `id` was seen within the horizon; otherwise remembers it and returns false. */
  seen(id: string): boolean;
  /** Moves to a new generation once the watermark has passed the current one's horizon. */
  expire(watermark: number): void;
  readonly size: number;
}

/** A set of 96-bit hashes (three 32-bit words; a zero first word marks an empty slot). */
interface HashSet {
  words: Uint32Array;
  /** Slots minus one (slots are a power of two). */
  mask: number;
  size: number;
}

const newSet = (slots: number): HashSet => ({ words: new Uint32Array(slots * 3), mask: slots - 1, size: 0 });

/**
 * The hash being looked up, (a, b, c), in a typed array rather than in arguments: 32-bit values
 * passed between functions are often too large for small integers and would be boxed, one
 * allocation per value per event.
 */
const key = new Uint32Array(3);

/** Index of the slot holding `key`, or of the empty slot where it would go, times 3. */
function probe(set: HashSet): number {
  const { words, mask } = set;
  const a = key[0]!;
  const b = key[1]!;
  const c = key[2]!;
  let slot = a & mask;
  for (;;) {
    const i = slot * 3;
    const wa = words[i]!;
    if (wa === 0 || (wa === a && words[i + 1] === b && words[i + 2] === c)) return i;
    slot = (slot + 1) & mask;
  }
}

function insert(set: HashSet, i: number): void {
  set.words[i] = key[0]!;
  set.words[i + 1] = key[1]!;
  set.words[i + 2] = key[2]!;
  set.size++;
}

function grow(set: HashSet): HashSet {
  const bigger = newSet((set.mask + 1) * 2);
  const w = set.words;
  const to = bigger.words;
  const mask = bigger.mask;
  // The hashes are distinct, so each goes to the first empty slot from its home.
  for (let i = 0; i < w.length; i += 3) {
    const a = w[i]!;
    if (a === 0) continue;
    let j = (a & mask) * 3;
    while (to[j] !== 0) j = j + 3 > mask * 3 ? 0 : j + 3;
    to[j] = a;
    to[j + 1] = w[i + 1]!;
    to[j + 2] = w[i + 2]!;
  }
  bigger.size = set.size;
  return bigger;
}

/** Hashes `id` into `key`: three independent FNV-style lanes in one pass, each finalised. */
function hashInto(id: string): void {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  let c = 0x5bd1e995;
  for (let k = 0; k < id.length; k++) {
    const ch = id.charCodeAt(k);
    a = Math.imul(a ^ ch, 0x01000193);
    b = Math.imul(b ^ ch, 0x5bd1e995);
    c = Math.imul(c ^ ch, 0x27d4eb2f);
  }
  key[0] = fmix(a ^ id.length) || 1; // never zero: that marks an empty slot
  key[1] = fmix(b);
  key[2] = fmix(c);
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * @param horizonMs default 5 minutes
 * @param initialSlots slots of a new generation's set (power of two, default 2^16); sets double
 *   when three quarters full and keep their size when reused
 * @param maxIds ids a generation holds before it rotates whatever the watermark (default 2^22:
 *   at most about 200 MB for both generations)
 */
export function createDedup({ horizonMs = 300_000, initialSlots = 1 << 16, maxIds = 1 << 22 } = {}): Dedup {
  if (initialSlots < 2 || initialSlots & (initialSlots - 1)) {
    throw new RangeError("initialSlots must be a power of two");
  }
  let current = newSet(initialSlots);
  let previous = newSet(initialSlots);
  /** Watermark when the current generation began (null: no watermark seen yet). */
  let generationStart: number | null = null;
  const rotate = () => {
    const reuse = previous;
    previous = current;
    if (reuse.mask + 1 === current.mask + 1) {
      reuse.words.fill(0);
      reuse.size = 0;
      current = reuse;
    } else current = newSet(current.mask + 1);
  };
  return {
    seen(id) {
      hashInto(id);
      if (previous.size !== 0 && previous.words[probe(previous)] !== 0) return true;
      let i = probe(current);
      if (current.words[i] !== 0) return true;
      if ((current.size + 1) * 4 > (current.mask + 1) * 3) {
        current = grow(current);
        i = probe(current);
      }
      insert(current, i);
      if (current.size >= maxIds) rotate();
      return false;
    },
    expire(watermark) {
      if (!Number.isFinite(watermark)) return;
      if (generationStart === null) generationStart = watermark;
      if (watermark - generationStart < horizonMs) return;
      rotate();
      generationStart = watermark;
    },
    get size() {
      return current.size + previous.size;
    },
  };
}
