/**
 * Which producer lane owns each topic-partition. A partition never changes lanes, so per-key
 * order holds. Load is far from even (API events are keyed by endpoint, and one endpoint
 * carries most requests), so the first batch's counts decide: busiest partitions first, each to
 * the least-loaded lane. Partitions first seen later go to the lane with the fewest messages.
 */

export interface LaneAssignment {
  /** Lane of topic-partition `slot`, assigning it now if new. */
  laneOf(slot: number): number;
  /** Assigns all slots in `counts` (slot -> messages seen), largest first. */
  plan(counts: ReadonlyMap<number, number>): void;
  /** Adds `n` messages to a lane's running load. */
  addLoad(lane: number, n: number): void;
}

/** Creates the assignment for `lanes` lanes. */
export function createLaneAssignment(lanes: number): LaneAssignment {
  const owner = new Map<number, number>();
  const load = new Float64Array(lanes);
  const leastLoaded = () => {
    let best = 0;
    for (let l = 1; l < lanes; l++) if (load[l]! < load[best]!) best = l;
    return best;
  };
  return {
    laneOf(slot) {
      let lane = owner.get(slot);
      if (lane === undefined) {
        lane = leastLoaded();
        owner.set(slot, lane);
      }
      return lane;
    },
    plan(counts) {
      const planned = new Float64Array(lanes);
      const slots = [...counts.entries()]
        .filter(([slot]) => !owner.has(slot))
        .sort((a, b) => b[1] - a[1] || a[0] - b[0]);
      for (const [slot, n] of slots) {
        let lane = 0;
        for (let l = 1; l < lanes; l++) if (planned[l]! < planned[lane]!) lane = l;
        owner.set(slot, lane);
        planned[lane] = planned[lane]! + n;
      }
    },
    addLoad(lane, n) {
      load[lane] = load[lane]! + n;
    },
  };
}
