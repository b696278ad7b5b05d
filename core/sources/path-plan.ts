/**
 * The JSON paths of one mapping compiled once into a tree the byte reader (path-scan.ts) walks:
 * one node per object key or array index on the way to a mapped value, the mapped values in
 * slots. A path named by several fields is one slot; the slots under a node are one range
 * (numbered depth first), so a duplicate key can clear what its first occurrence set (JSON.parse
 * keeps the last).
 */
import { createInterner, type Interner } from "../events/intern";
import type { PathSegment } from "./path";

export interface PlanNode {
  /** Slot of the value at this node, or -1 when no path ends here. */
  slot: number;
  /** Object keys to follow (UTF-8) and the node under each. */
  names: Uint8Array[];
  nameNodes: PlanNode[];
  /** Array indexes to follow and the node under each. */
  indexes: number[];
  indexNodes: PlanNode[];
  /** The slots of this node and all under it: [lo, hi). */
  lo: number;
  hi: number;
}

export interface PathPlan {
  /** null: these paths are read by JSON.parse only (the root itself, a key no raw JSON spells). */
  root: PlanNode | null;
  /** The path of each slot. */
  paths: PathSegment[][];
  /** Slots whose strings repeat (value maps, filters): read through one string per value. */
  intern: boolean[];
  interner: Interner;
  /** Slots of ISO-8601 times read by one field only: read into `times` without a string. */
  iso: boolean[];
  /** The time read at a slot whose value is {@link PARSED_TIME}. */
  times: Float64Array;
}

/** A slot's value when its ISO-8601 time was read from the bytes into `times`. */
export const PARSED_TIME: unique symbol = Symbol("parsed time");

const utf8 = new TextEncoder();
const node = (): PlanNode => ({
  slot: -1,
  names: [],
  nameNodes: [],
  indexes: [],
  indexNodes: [],
  lo: 0,
  hi: 0,
});
const keyOf = (p: readonly PathSegment[]): string => JSON.stringify(p);

/**
 * A plan for `paths`; `slotOf(path)` is the slot a path's value is read into.
 * @param interned paths whose values have few distinct strings
 * @param isoTimes paths of ISO-8601 times that only their time field reads
 */
export function compilePaths(
  paths: ReadonlyArray<readonly PathSegment[]>,
  interned: ReadonlyArray<readonly PathSegment[]> = [],
  isoTimes: ReadonlyArray<readonly PathSegment[]> = [],
): { plan: PathPlan; slotOf: (path: readonly PathSegment[]) => number } {
  const root = node();
  const leaves = new Map<string, PlanNode>();
  let fast = true;
  for (const p of paths) {
    if (leaves.has(keyOf(p))) continue;
    if (p.length === 0) fast = false;
    let n = root;
    for (const seg of p) {
      if (typeof seg === "number") {
        let k = n.indexes.indexOf(seg);
        if (k < 0) k = n.indexes.push(seg) - 1;
        n = n.indexNodes[k] ??= node();
      } else {
        const name = utf8.encode(seg);
        // A lone surrogate has no raw UTF-8 spelling: only an escaped key (JSON.parse) matches it.
        if (/\p{Surrogate}/u.test(seg)) fast = false;
        let k = n.names.findIndex((x) => Buffer.compare(x, name) === 0);
        if (k < 0) k = n.names.push(name) - 1;
        n = n.nameNodes[k] ??= node();
      }
    }
    leaves.set(keyOf(p), n);
  }
  // Slots depth first, so each node's subtree is one range.
  const slotPaths: PathSegment[][] = [];
  const leafPath = new Map([...leaves].map(([k, n]) => [n, JSON.parse(k) as PathSegment[]]));
  const number = (n: PlanNode) => {
    n.lo = slotPaths.length;
    const p = leafPath.get(n);
    if (p) {
      n.slot = slotPaths.length;
      slotPaths.push(p);
    }
    for (const c of n.nameNodes) number(c);
    for (const c of n.indexNodes) number(c);
    n.hi = slotPaths.length;
  };
  number(root);
  const internKeys = new Set(interned.map(keyOf));
  const isoKeys = new Set(isoTimes.map(keyOf));
  const plan: PathPlan = {
    root: fast ? root : null,
    paths: slotPaths,
    intern: slotPaths.map((p) => internKeys.has(keyOf(p))),
    interner: createInterner({ slots: 1024, maxBytes: 64 }),
    iso: slotPaths.map((p) => isoKeys.has(keyOf(p))),
    times: new Float64Array(slotPaths.length),
  };
  return { plan, slotOf: (p) => leaves.get(keyOf(p))!.slot };
}
