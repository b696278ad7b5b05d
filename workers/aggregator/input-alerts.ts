/**
 * Alerts about the worker's own input, so a hostile or broken input is noticed in chat and not
 * only in a log: events quarantined as ahead of their stream, batches that could not be read,
 * and a dead-letter topic that does not take writes. They go out with the shop alerts (the
 * `alerts` topic) while the problem was seen within `holdMs`, and resolve at the notifier once
 * they stop being re-sent (resolve_timeout), as Alertmanager does.
 */
import { type Alert, fingerprint } from "../../core/alerts/alert";

export const inputProblems = {
  "input-ahead-of-stream": {
    severity: "warning",
    summary: "Events dated far ahead of their stream were quarantined to the dead-letter topic",
  },
  "input-unreadable-batch": {
    severity: "critical",
    summary: "A record batch could not be read; it was skipped and dead-lettered as a marker",
  },
  "dead-letter-unwritable": {
    severity: "critical",
    summary: "The dead-letter topic does not take writes: offsets are held and consuming waits",
  },
} as const;
export type InputProblem = keyof typeof inputProblems;

interface Seen {
  firstAt: number;
  lastAt: number;
  count: number;
  topic: string;
  detail: string;
}

export interface InputAlerts {
  /** Records a problem seen now (`count` events or records, `detail` for the annotation). */
  note(problem: InputProblem, topic: string, count: number, detail: string): void;
  /** Firing updates for every problem seen within `holdMs`. */
  updates(): Alert[];
}

/** @param holdMs how long a problem keeps its alert firing after it was last seen (default 5 min) */
export function createInputAlerts({
  workerId,
  clock = Date.now,
  holdMs = 300_000,
}: {
  workerId: string;
  clock?: () => number;
  holdMs?: number;
}): InputAlerts {
  const seen = new Map<string, Seen & { problem: InputProblem }>();
  return {
    note(problem, topic, count, detail) {
      const key = `${problem}\u0000${topic}`;
      const now = clock();
      const s = seen.get(key);
      if (s && now - s.lastAt <= holdMs) {
        s.lastAt = now;
        s.count += count;
        s.detail = detail;
      } else seen.set(key, { problem, firstAt: now, lastAt: now, count, topic, detail });
    },
    updates() {
      const now = clock();
      const out: Alert[] = [];
      for (const [key, s] of seen) {
        if (now - s.lastAt > holdMs) {
          seen.delete(key);
          continue;
        }
        const { severity, summary } = inputProblems[s.problem];
        const labels = { alertname: s.problem, severity, topic: s.topic, worker: workerId };
        out.push({
          v: 1,
          fingerprint: fingerprint(s.problem, labels),
          rule: s.problem,
          state: "firing",
          labels,
          annotations: { summary, description: s.detail.slice(0, 500) },
          startsAt: s.firstAt,
          endsAt: null,
          value: s.count,
          sentAt: now,
        });
      }
      return out;
    },
  };
}
