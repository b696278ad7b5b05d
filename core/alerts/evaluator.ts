/**
 * Runs a set of rules over time: one state tracker per rule, conditions in, alert updates out
 * (state changes, plus firing alerts re-sent every `resendMs` so the notifier knows they still
 * hold). Used by the workers for shop rules and by the alerter for view rules.
 */
import { type Alert, fingerprint } from "./alert";
import type { Condition } from "./conditions";
import type { Rule } from "./rule";
import { type AlertTracker, createAlertTracker } from "./state-machine";

export interface RuleEvaluator {
  /** Evaluates every enabled rule at event time `now` with the conditions `conditionsOf` gives. */
  evaluate(now: number, conditionsOf: (rule: Rule) => Condition[]): Alert[];
  /** Replaces the rules; trackers of rules whose definition is unchanged keep their state. */
  setRules(rules: readonly Rule[]): void;
  readonly rules: readonly Rule[];
}

/**
 * @param clock wall clock for `sentAt` (default Date.now)
 * @param resendMs firing alerts are repeated at least this often, in wall time (default 30 s)
 */
export function createRuleEvaluator({
  rules,
  clock = Date.now,
  resendMs = 30_000,
}: {
  rules: readonly Rule[];
  clock?: () => number;
  resendMs?: number;
}): RuleEvaluator {
  let current: Rule[] = [];
  const trackers = new Map<
    string,
    { def: string; tracker: AlertTracker; labels: Map<string, Record<string, string>> }
  >();
  let lastResend = 0;

  const setRules = (next: readonly Rule[]) => {
    current = next.filter((r) => r.enabled);
    const keep = new Set<string>();
    for (const r of current) {
      const def = JSON.stringify(r);
      const t = trackers.get(r.id);
      if (!t || t.def !== def) {
        trackers.set(r.id, {
          def,
          tracker: createAlertTracker({ forMs: r.for, keepFiringForMs: r.keepFiringFor }),
          labels: new Map(),
        });
      }
      keep.add(r.id);
    }
    for (const id of trackers.keys()) if (!keep.has(id)) trackers.delete(id);
  };
  setRules(rules);

  const alertOf = (
    rule: Rule,
    labels: Record<string, string>,
    t: { state: Alert["state"]; startsAt: number; endsAt: number | null; value: number },
  ): Alert => {
    const all = { alertname: rule.id, severity: "warning", ...rule.labels, ...labels };
    return {
      v: 1,
      fingerprint: fingerprint(rule.id, all),
      rule: rule.id,
      state: t.state,
      labels: all,
      annotations: { ...rule.annotations },
      startsAt: t.startsAt,
      endsAt: t.endsAt,
      value: t.value,
      sentAt: clock(),
    };
  };

  return {
    evaluate(now, conditionsOf) {
      const out: Alert[] = [];
      const resend = clock() - lastResend >= resendMs;
      if (resend) lastResend = clock();
      for (const rule of current) {
        const t = trackers.get(rule.id)!;
        const active = new Map<string, number>();
        for (const c of conditionsOf(rule)) {
          active.set(c.key, c.value);
          t.labels.set(c.key, c.labels);
        }
        const changed = t.tracker.evaluate(now, active);
        const changedKeys = new Set<string>();
        for (const tr of changed) {
          changedKeys.add(tr.key);
          out.push(alertOf(rule, t.labels.get(tr.key) ?? {}, tr));
          if (tr.state === "resolved") t.labels.delete(tr.key);
        }
        if (resend) {
          for (const tr of t.tracker.firing()) {
            if (!changedKeys.has(tr.key)) out.push(alertOf(rule, t.labels.get(tr.key) ?? {}, tr));
          }
        }
        // Labels of entities that went back to inactive while pending are no longer needed.
        if (t.labels.size > t.tracker.size * 2 + 1024) {
          const live = new Set([...t.tracker.firing().map((f) => f.key), ...active.keys()]);
          for (const k of t.labels.keys()) if (!live.has(k)) t.labels.delete(k);
        }
      }
      return out;
    },
    setRules,
    get rules() {
      return current;
    },
  };
}
