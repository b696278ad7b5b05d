/**
 * Label matchers as Alertmanager writes them: `name="value"`, `name!="value"`, `name=~"regex"`,
 * `name!~"regex"`. Regexes are fully anchored (`=~"POST /order.*"` must match the whole value),
 * and a missing label matches as the empty string, so `team=""` selects alerts without a team.
 * Regexes have RE2 semantics, as in Alertmanager, and run on a linear-time engine (re2js): an
 * operator's `(\d+)+x` cannot stall the notifier on a long label the way a backtracking
 * JavaScript RegExp does.
 */
import { RE2JS } from "re2js";
import { z } from "zod";

export const matchOps = ["=", "!=", "=~", "!~"] as const;
export type MatchOp = (typeof matchOps)[number];

export interface Matcher {
  name: string;
  op: MatchOp;
  value: string;
  /** Compiled regex for `=~` and `!~` (matched against the whole value). */
  re?: RE2JS;
}

export type Labels = Readonly<Record<string, string>>;

const text = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*(.*?)\s*$/;

/** Builds a matcher; throws on an invalid regex. */
export function matcher(name: string, op: MatchOp, value: string): Matcher {
  if (op === "=~" || op === "!~") return { name, op, value, re: RE2JS.compile(`^(?:${value})$`) };
  return { name, op, value };
}

/** Parses `name op "value"` (quotes optional; `\"` and `\\` escapes inside quotes). Throws with the reason. */
export function parseMatcher(s: string): Matcher {
  const m = text.exec(s);
  if (!m) throw new Error(`not a matcher: ${JSON.stringify(s)} (want name="value", !=, =~ or !~)`);
  let value = m[3]!;
  if (value.startsWith('"')) {
    if (!value.endsWith('"') || value.length < 2)
      throw new Error(`unterminated quote in ${JSON.stringify(s)}`);
    value = value.slice(1, -1).replace(/\\(["\\])/g, "$1");
  }
  try {
    return matcher(m[1]!, m[2] as MatchOp, value);
  } catch (err) {
    throw new Error(`bad regex in ${JSON.stringify(s)}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Renders a matcher back to its text form (`name="value"`). */
export function formatMatcher(m: Matcher): string {
  return `${m.name}${m.op}${JSON.stringify(m.value)}`;
}

/** Whether one matcher accepts `labels`. */
export function matchesOne(m: Matcher, labels: Labels): boolean {
  const v = labels[m.name] ?? "";
  switch (m.op) {
    case "=":
      return v === m.value;
    case "!=":
      return v !== m.value;
    case "=~":
      return m.re!.matches(v);
    case "!~":
      return !m.re!.matches(v);
  }
}

/** True when every matcher accepts `labels` (an empty list matches everything). */
export function matchesAll(ms: readonly Matcher[], labels: Labels): boolean {
  for (const m of ms) if (!matchesOne(m, labels)) return false;
  return true;
}

/** A matcher as written in YAML or sent by the UI: `'severity="critical"'`. */
export const MatcherSchema = z.string().transform((s, ctx): Matcher => {
  try {
    return parseMatcher(s);
  } catch (err) {
    ctx.addIssue({ code: "custom", message: err instanceof Error ? err.message : String(err) });
    return z.NEVER;
  }
});

/** Canonical text of a label set, sorted by name: `{alertname="x",chain="y"}`. */
export function labelsKey(labels: Labels): string {
  return `{${Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`)
    .join(",")}}`;
}
