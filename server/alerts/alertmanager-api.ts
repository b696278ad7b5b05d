/**
 * Launchwatch as an Alertmanager (API v2) for Prometheus, Grafana and amtool: posted alerts go
 * onto the alerts topic like the workers' own (the notifier routes, groups, silences and sends
 * them); alerts, groups and silences are read from the same tables the dashboard reads; the
 * status shows the notifier's policy file. The JSON mapping is in core/alertmanager/.
 */
import type { AlertingQueries, SilenceRow } from "../../adapters/db/alerting-queries";
import type {
  AlertGroup,
  AlertmanagerStatus,
  GettableAlert,
  GettableSilence,
  PostableAlert,
  PostableSilence,
} from "../../core/alertmanager/dto";
import {
  alertFromPostable,
  groupAlerts,
  matcherFromAm,
  parseFilter,
  selectAlerts,
  silenceMatchesFilter,
  toGettableAlerts,
  toGettableSilence,
} from "../../core/alertmanager/mapping";
import type { Alert } from "../../core/alerts/alert";
import { formatMatcher, type Matcher, matcher, parseMatcher } from "../../core/alerts/matchers";
import type { Policy } from "../../core/alerts/policy";
import type { Silence } from "../../core/alerts/silences";
import { InvalidInputError } from "../../core/errors";

export interface AlertsFilter {
  active: boolean;
  silenced: boolean;
  inhibited: boolean;
  unprocessed: boolean;
  filter: string[];
  receiver?: string;
}

export interface AlertmanagerApi {
  /** Publishes the alerts to the notifier; rejects (nothing lost silently) when Kafka does not take them. */
  postAlerts(alerts: readonly PostableAlert[]): Promise<void>;
  alerts(q: AlertsFilter): Promise<GettableAlert[]>;
  groups(q: AlertsFilter): Promise<AlertGroup[]>;
  silences(filter: readonly string[]): Promise<GettableSilence[]>;
  silence(id: string): Promise<GettableSilence | null>;
  /** Creates a silence, or updates the one named by `id`; returns its id (null: no such silence). */
  putSilence(s: PostableSilence, by: string): Promise<string | null>;
  expireSilence(id: string): Promise<boolean>;
  status(): AlertmanagerStatus;
  receivers(): Array<{ name: string }>;
}

export interface AlertmanagerApiDeps {
  alerting: AlertingQueries;
  /** Sends updates to the alerts topic, keyed by fingerprint. */
  publish(alerts: Alert[]): Promise<void>;
  /** The notifier's policy (alerting.yaml) and its text; null: no routing known to this process. */
  policy: { policy: Policy; text: string } | null;
  externalUrl: string;
  /** Shown as `versionInfo.version` (default `launchwatch`). */
  version?: string;
  clock?: () => number;
}

const asSilence = (r: SilenceRow): Silence & { updatedAt: number } => ({
  id: r.id,
  matchers: r.matchers.map((m) => parseMatcher(m)),
  startsAt: r.startsAt,
  endsAt: r.endsAt,
  createdBy: r.createdBy,
  comment: r.comment,
  updatedAt: r.createdAt,
});

/** Matchers from user input: a bad one is the caller's error (400), naming it. */
function userMatchers(parse: () => Matcher[]): Matcher[] {
  try {
    return parse();
  } catch (err) {
    throw new InvalidInputError(`filter: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export function createAlertmanagerApi(d: AlertmanagerApiDeps): AlertmanagerApi {
  const clock = d.clock ?? Date.now;
  const startedAt = clock();
  const policy = d.policy?.policy ?? null;

  const silenceRows = async () =>
    (await d.alerting.listSilences({ limit: 1000, now: clock() })).flatMap((r) => {
      try {
        return [asSilence(r)];
      } catch {
        return []; // a stored matcher that no longer parses: the notifier skips it too
      }
    });

  const alerts = async (q: AlertsFilter) => {
    const filter = userMatchers(() => parseFilter(q.filter));
    const receiver = q.receiver ? userMatchers(() => [matcher("receiver", "=~", q.receiver!)])[0] : undefined;
    const [firing, silences] = await Promise.all([
      d.alerting.listAlerts({ state: "firing", limit: 1000 }),
      silenceRows(),
    ]);
    const all = toGettableAlerts(firing, { policy, silences, now: clock(), externalUrl: d.externalUrl });
    return selectAlerts(all, {
      active: q.active,
      silenced: q.silenced,
      inhibited: q.inhibited,
      filter,
      ...(receiver ? { receiver } : {}),
    });
  };

  return {
    async postAlerts(list) {
      const now = clock();
      if (list.length > 0) await d.publish(list.map((a) => alertFromPostable(a, now)));
    },
    alerts,
    groups: async (q) => groupAlerts(await alerts(q), policy),
    async silences(filter) {
      const f = userMatchers(() => parseFilter(filter));
      const now = clock();
      return (await silenceRows())
        .filter((s) => silenceMatchesFilter(s, f))
        .map((s) => toGettableSilence(s, now));
    },
    async silence(id) {
      const row = await d.alerting.getSilence(id);
      return row ? toGettableSilence(asSilence(row), clock()) : null;
    },
    async putSilence(s, by) {
      const now = clock();
      const matchers = userMatchers(() => s.matchers.map(matcherFromAm)).map(formatMatcher);
      // The credential's user is who made it; a different name the client gave is kept beside it.
      const createdBy = s.createdBy === by ? by : `${by} (${s.createdBy})`.slice(0, 200);
      const input = {
        matchers,
        startsAt: Math.max(Date.parse(s.startsAt), 0),
        endsAt: Date.parse(s.endsAt),
        createdBy,
        comment: s.comment,
      };
      if (s.id) {
        const row = await d.alerting.updateSilence(s.id, input, now);
        if (row) return row.id;
        // Expired (or unknown): Alertmanager creates a new silence for an expired one.
        if (!(await d.alerting.getSilence(s.id))) return null;
      }
      // A start in the past means now, as in Alertmanager.
      return (await d.alerting.createSilence({ ...input, startsAt: Math.max(input.startsAt, now) }, now)).id;
    },
    expireSilence: (id) => d.alerting.expireSilence(id, clock()),
    status: () => ({
      cluster: { status: "disabled", peers: [] },
      versionInfo: {
        version: d.version ?? "launchwatch",
        revision: "launchwatch",
        branch: "main",
        buildUser: "launchwatch",
        buildDate: "",
        goVersion: `node ${process.version}`,
      },
      config: { original: d.policy?.text ?? "" },
      uptime: new Date(startedAt).toISOString(),
    }),
    receivers: () => (policy?.receivers ?? []).map((r) => ({ name: r.name })),
  };
}
