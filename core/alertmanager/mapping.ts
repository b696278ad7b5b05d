/**
 * Between Launchwatch's alerting objects and Alertmanager's API v2 JSON (core/alertmanager/dto.ts).
 * Pure. A posted alert becomes the same `Alert` update the workers publish (keyed by the same
 * fingerprint function), Launchwatch's silences are shown as Alertmanager silences (same id, same
 * matchers), and an alert's status (silenced, inhibited) and receivers come from the same policy
 * the notifier runs.
 */
import { type Alert, fingerprint } from "../alerts/alert";
import { type Labels, type Matcher, matcher, matchesAll, matchesOne, parseMatcher } from "../alerts/matchers";
import type { Policy, Route } from "../alerts/policy";
import { groupKey, groupLabels, matchRoutes } from "../alerts/routing";
import { type Silence, silencedBy } from "../alerts/silences";
import { anyContains, timeMuted } from "../alerts/time-intervals";
import type { AlertGroup, AmMatcher, GettableAlert, GettableSilence, PostableAlert } from "./dto";

/** Go's zero time: what Alertmanager's JSON has where a time is not known. */
export const zeroTime = "0001-01-01T00:00:00.000Z";
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * A posted alert as an update on the alerts topic, received at wall time `now`. `endsAt` in the
 * past resolves it; in the future it is when the alert resolves unless re-sent (Prometheus sends
 * about four evaluation intervals ahead); absent, the policy's `resolve_timeout` applies.
 */
export function alertFromPostable(p: PostableAlert, now: number): Alert {
  const labels = p.labels;
  const rule = (labels.alertname ?? "").slice(0, 64) || "external";
  const startsAt = p.startsAt ? Math.min(Date.parse(p.startsAt), now) : now;
  const endsAt = p.endsAt ? Date.parse(p.endsAt) : undefined;
  const resolved = endsAt !== undefined && endsAt <= now;
  return {
    v: 1,
    fingerprint: fingerprint(rule, labels),
    rule,
    state: resolved ? "resolved" : "firing",
    labels,
    annotations: {
      ...(p.annotations ?? {}),
      ...(p.generatorURL ? { generatorURL: p.generatorURL } : {}),
    },
    startsAt,
    endsAt: resolved ? endsAt : null,
    // Alertmanager alerts carry no measured value; digests show the labels and summary.
    value: 0,
    sentAt: now,
    external: true,
    ...(endsAt !== undefined && !resolved ? { expiresAt: endsAt } : {}),
  };
}

/** Alertmanager's matcher object as Launchwatch's text form (`name=~"regex"`); throws on a bad regex. */
export function matcherFromAm(m: AmMatcher): Matcher {
  const op = m.isRegex ? (m.isEqual ? "=~" : "!~") : m.isEqual ? "=" : "!=";
  return matcher(m.name, op, m.value);
}

export function matcherToAm(m: Matcher): AmMatcher {
  return {
    name: m.name,
    value: m.value,
    isRegex: m.op === "=~" || m.op === "!~",
    isEqual: m.op === "=" || m.op === "=~",
  };
}

/** Matchers of a `filter=` query parameter (`alertname="x"`, `{a="b",c=~"d"}` or one per parameter). */
export function parseFilter(filter: readonly string[]): Matcher[] {
  const out: Matcher[] = [];
  for (const f of filter) {
    const t = f.trim();
    const inner = t.startsWith("{") && t.endsWith("}") ? t.slice(1, -1) : t;
    // Split on commas outside quotes.
    let cur = "";
    let quoted = false;
    for (let i = 0; i < inner.length; i++) {
      const c = inner[i]!;
      if (c === "\\" && quoted) {
        cur += c + (inner[++i] ?? "");
        continue;
      }
      if (c === '"') quoted = !quoted;
      if (c === "," && !quoted) {
        if (cur.trim()) out.push(parseMatcher(cur));
        cur = "";
      } else cur += c;
    }
    if (cur.trim()) out.push(parseMatcher(cur));
  }
  return out;
}

export function silenceState(
  s: { startsAt: number; endsAt: number },
  now: number,
): "expired" | "active" | "pending" {
  if (now >= s.endsAt) return "expired";
  return now < s.startsAt ? "pending" : "active";
}

/** A Launchwatch silence as Alertmanager shows it; `updatedAt` is when it was last written. */
export function toGettableSilence(s: Silence & { updatedAt: number }, now: number): GettableSilence {
  return {
    id: s.id,
    status: { state: silenceState(s, now) },
    updatedAt: iso(s.updatedAt),
    matchers: s.matchers.map(matcherToAm),
    startsAt: iso(s.startsAt),
    endsAt: iso(s.endsAt),
    createdBy: s.createdBy,
    comment: s.comment,
  };
}

/**
 * Whether a silence is selected by `filter` (Alertmanager's rule: each filter matcher must accept
 * the value of the silence's matcher of that name; an empty `=` filter value also accepts a
 * silence without one, an empty `!=` value one with it).
 */
export function silenceMatchesFilter(s: Silence, filter: readonly Matcher[]): boolean {
  const values: Record<string, string> = {};
  for (const m of s.matchers) values[m.name] = m.value;
  return filter.every((f) => {
    const present = f.name in values;
    if (f.value === "" && (f.op === "!=" || f.op === "!~" ? present : !present)) return true;
    return matchesOne(f, values);
  });
}

/** A firing alert as stored (event-time `startsAt`; wall-clock `updatedAt` of its last stored change). */
export interface StoredAlert {
  fingerprint: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: number;
  updatedAt: number;
}

/** Fingerprints of the firing alerts that inhibit one with `target` labels under `policy`. */
function inhibitedBy(policy: Policy, firing: readonly StoredAlert[], target: Labels): string[] {
  const out = new Set<string>();
  for (const r of policy.inhibitRules) {
    if (!matchesAll(r.target_matchers, target)) continue;
    const bothSides = matchesAll(r.source_matchers, target);
    for (const s of firing) {
      if (!matchesAll(r.source_matchers, s.labels)) continue;
      if (bothSides && matchesAll(r.target_matchers, s.labels)) continue; // never inhibits itself
      if (r.equal.every((n) => (s.labels[n] ?? "") === (target[n] ?? ""))) out.add(s.fingerprint);
    }
  }
  return [...out];
}

/**
 * Names of the time intervals that mute the alert on every route it takes at `now` (a mute
 * interval in force, or active intervals none of which is); empty when one route sends.
 */
function mutedBy(routes: readonly Route[], policy: Policy, now: number): string[] {
  const names = new Set<string>();
  for (const r of routes) {
    if (!timeMuted(r, policy.timeIntervals, now)) return [];
    for (const n of r.muteTimeIntervals)
      if (anyContains(policy.timeIntervals.get(n) ?? [], now)) names.add(n);
    if (!r.activeTimeIntervals.some((n) => anyContains(policy.timeIntervals.get(n) ?? [], now)))
      for (const n of r.activeTimeIntervals) names.add(n);
  }
  return [...names];
}

/**
 * Firing alerts as Alertmanager lists them, with the receivers the policy routes them to and
 * their status: `suppressed` while a silence in force at `now` matches, a firing alert inhibits,
 * or time intervals mute every route it takes.
 */
export function toGettableAlerts(
  firing: readonly StoredAlert[],
  {
    policy,
    silences,
    now,
    externalUrl,
  }: { policy: Policy | null; silences: readonly Silence[]; now: number; externalUrl: string },
): GettableAlert[] {
  return firing.map((a) => {
    const silenced = silencedBy(a.labels, silences, now);
    const inhibited = policy ? inhibitedBy(policy, firing, a.labels) : [];
    const routes = policy ? matchRoutes(policy.route, a.labels) : [];
    const receivers = [...new Set(routes.map((r) => r.receiver))];
    const muted = policy ? mutedBy(routes, policy, now) : [];
    const { generatorURL, ...annotations } = a.annotations;
    return {
      labels: a.labels,
      annotations,
      receivers: receivers.map((name) => ({ name })),
      fingerprint: a.fingerprint,
      startsAt: iso(a.startsAt),
      updatedAt: iso(a.updatedAt),
      endsAt: zeroTime,
      generatorURL: generatorURL ?? `${externalUrl}/alerts?fingerprint=${a.fingerprint}`,
      status: {
        state: silenced.length > 0 || inhibited.length > 0 || muted.length > 0 ? "suppressed" : "active",
        silencedBy: silenced,
        inhibitedBy: inhibited,
        mutedBy: muted,
      },
    };
  });
}

/** The `active` / `silenced` / `inhibited` flags, `filter` matchers and `receiver` regex of a query. */
export function selectAlerts(
  alerts: readonly GettableAlert[],
  q: {
    active: boolean;
    silenced: boolean;
    inhibited: boolean;
    filter: readonly Matcher[];
    receiver?: Matcher;
  },
): GettableAlert[] {
  return alerts.filter((a) => {
    const silenced = a.status.silencedBy.length > 0;
    const inhibited = a.status.inhibitedBy.length > 0;
    if (!q.active && a.status.state === "active") return false;
    if (!q.silenced && silenced) return false;
    if (!q.inhibited && inhibited) return false;
    if (q.receiver && !a.receivers.some((r) => matchesOne(q.receiver!, { receiver: r.name }))) return false;
    return matchesAll(q.filter, a.labels);
  });
}

/** Alerts grouped as the notifier groups them: per route (receiver) and its `group_by` labels. */
export function groupAlerts(alerts: readonly GettableAlert[], policy: Policy | null): AlertGroup[] {
  if (!policy) return [];
  const groups = new Map<string, AlertGroup>();
  for (const a of alerts) {
    for (const route of matchRoutes(policy.route, a.labels)) {
      const labels = groupLabels(route, a.labels);
      const key = groupKey(route, labels);
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { labels, receiver: { name: route.receiver }, alerts: [] }));
      g.alerts.push(a);
    }
  }
  return [...groups.values()];
}
