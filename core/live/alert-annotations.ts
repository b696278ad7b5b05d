/**
 * Chart annotations from alert state changes: the spans during which each rule had at least one
 * firing alert, so a chart with hundreds of shop alerts shows a few bands, not hundreds of lines.
 */
import { severityOf } from "./alerts";

export interface AlertChange {
  fingerprint: string;
  rule: string;
  state: "pending" | "firing" | "resolved";
  /** Event-time ms. */
  at: number;
  labels: Record<string, string>;
}

export interface AlertSpan {
  rule: string;
  severity: "critical" | "warning" | "info";
  /** Event-time ms the first alert of the span fired (`from` of the range if it fired before). */
  from: number;
  /** Event-time ms the last one resolved; null while still firing. */
  to: number | null;
  /** How many alert episodes the span covers. */
  alerts: number;
}

/** An alert episode that started before the range and was still firing at its start. */
export interface OpenAlert {
  fingerprint: string;
  rule: string;
  labels: Record<string, string>;
}

/**
 * Turns changes in `[from, to)` (oldest first) into per-rule spans. `openAtFrom` are episodes
 * already firing at `from`; a resolve without a known start also began before `from`; a firing
 * without a resolve is still open (`to` null).
 */
export function alertSpans(
  changes: readonly AlertChange[],
  from: number,
  openAtFrom: readonly OpenAlert[] = [],
): AlertSpan[] {
  const byRule = new Map<
    string,
    Array<{ from: number; to: number | null; severity: AlertSpan["severity"] }>
  >();
  const open = new Map<string, { rule: string; from: number; severity: AlertSpan["severity"] }>(
    openAtFrom.map((a) => [a.fingerprint, { rule: a.rule, from, severity: severityOf(a.labels) }]),
  );
  const push = (rule: string, e: { from: number; to: number | null; severity: AlertSpan["severity"] }) => {
    const list = byRule.get(rule) ?? [];
    list.push(e);
    byRule.set(rule, list);
  };
  for (const c of changes) {
    if (c.state === "firing") {
      if (!open.has(c.fingerprint))
        open.set(c.fingerprint, { rule: c.rule, from: c.at, severity: severityOf(c.labels) });
    } else if (c.state === "resolved") {
      const o = open.get(c.fingerprint);
      open.delete(c.fingerprint);
      push(c.rule, { from: o?.from ?? from, to: c.at, severity: o?.severity ?? severityOf(c.labels) });
    }
  }
  for (const o of open.values()) push(o.rule, { from: o.from, to: null, severity: o.severity });

  const rank = { critical: 0, warning: 1, info: 2 } as const;
  const spans: AlertSpan[] = [];
  for (const [rule, episodes] of byRule) {
    episodes.sort((a, b) => a.from - b.from);
    let cur: AlertSpan | null = null;
    for (const e of episodes) {
      if (cur && (cur.to === null || e.from <= cur.to)) {
        cur.to = cur.to === null || e.to === null ? null : Math.max(cur.to, e.to);
        cur.alerts++;
        if (rank[e.severity] < rank[cur.severity]) cur.severity = e.severity;
      } else {
        cur = { rule, severity: e.severity, from: e.from, to: e.to, alerts: 1 };
        spans.push(cur);
      }
    }
  }
  return spans.sort((a, b) => a.from - b.from || a.rule.localeCompare(b.rule));
}
