/**
 * Alert states per (rule, entity), as in Prometheus and Grafana: a condition that starts to hold
 * makes the alert pending; held for `for` it fires; once it clears, a firing alert keeps firing
 * for `keepFiringFor` and then resolves. Time is event time, so a replay of a launch raises the
 * same alerts at the same moments as the live run did.
 */
import type { AlertState } from "./alert";

export interface Transition {
  key: string;
  state: AlertState;
  /** When the condition started holding (pending/firing) or, for resolved, when it had fired. */
  startsAt: number;
  endsAt: number | null;
  value: number;
}

export interface AlertTracker {
  /**
   * Feeds one evaluation at event time `now`: the entities whose condition holds, with their
   * values. Returns the alerts whose state changed. A pending alert whose condition clears
   * before `for` simply vanishes (as in Prometheus); only fired alerts resolve.
   */
  evaluate(now: number, active: ReadonlyMap<string, number>): Transition[];
  /** Alerts currently firing, with their last value. */
  firing(): Transition[];
  readonly size: number;
}

interface Entry {
  state: "pending" | "firing";
  since: number;
  firedAt: number;
  clearSince: number | null;
  value: number;
}

export function createAlertTracker({
  forMs,
  keepFiringForMs,
}: {
  forMs: number;
  keepFiringForMs: number;
}): AlertTracker {
  const entries = new Map<string, Entry>();
  return {
    evaluate(now, active) {
      const out: Transition[] = [];
      for (const [key, value] of active) {
        let e = entries.get(key);
        if (!e) {
          e = { state: "pending", since: now, firedAt: 0, clearSince: null, value };
          entries.set(key, e);
          if (forMs > 0) out.push({ key, state: "pending", startsAt: now, endsAt: null, value });
        }
        e.value = value;
        e.clearSince = null;
        if (e.state === "pending" && now - e.since >= forMs) {
          e.state = "firing";
          e.firedAt = now;
          out.push({ key, state: "firing", startsAt: e.since, endsAt: null, value });
        }
      }
      for (const [key, e] of entries) {
        if (active.has(key)) continue;
        if (e.state === "pending") {
          // Never fired: it simply stops being pending (Prometheus drops it silently).
          entries.delete(key);
          continue;
        }
        if (e.clearSince === null) e.clearSince = now;
        if (now - e.clearSince >= keepFiringForMs) {
          entries.delete(key);
          out.push({ key, state: "resolved", startsAt: e.since, endsAt: now, value: e.value });
        }
      }
      return out;
    },
    firing() {
      const out: Transition[] = [];
      for (const [key, e] of entries) {
        if (e.state === "firing")
          out.push({ key, state: "firing", startsAt: e.since, endsAt: null, value: e.value });
      }
      return out;
    },
    get size() {
      return entries.size;
    },
  };
}
