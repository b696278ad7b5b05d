import { describe, expect, it } from "vitest";
import type { GroupState } from "./aggregation-group";
import { type Alert, fingerprint } from "./alert";
import type { TrackedAlert } from "./alert-registry";
import { createDispatcher, type FlushResult } from "./dispatcher";
import { parseMatcher } from "./matchers";
import type { Notification } from "./notification";
import { buildPolicy, PolicyFileSchema } from "./policy";
import { parseYamlConfig } from "./yaml-config";

const policy = buildPolicy(
  parseYamlConfig(
    PolicyFileSchema,
    `
global: { resolve_timeout: 5m, digest_top: 5 }
route:
  receiver: hook
  group_by: [alertname]
  group_wait: 10s
  group_interval: 1m
  repeat_interval: 1h
  routes:
    - matchers: ['alertname="shop-over-capacity"']
      receiver: shops
      group_by: [alertname, chain]
      continue: true
    - matchers: ['severity="warning"']
      receiver: hook
    - matchers: ['team="api"']
      receiver: api
      group_by: [alertname, endpoint]
      group_wait: 1s
      group_interval: 30s
inhibit_rules:
  - source_matchers: ['alertname="endpoint-error-rate"', 'endpoint="POST /order/create"']
    target_matchers: ['alertname="shop-over-capacity"']
receivers:
  - { name: hook, type: webhook, url_env: A }
  - { name: shops, type: dingtalk, url_env: B }
  - { name: api, type: feishu, url_env: C, send_resolved: false }
`,
    "test.yaml",
  ),
);

const S = 1000;
const M = 60_000;

function shopAlert(shop: number, over: Partial<Alert> = {}): Alert {
  const labels = {
    alertname: "shop-over-capacity",
    severity: "warning",
    shop: String(shop),
    chain: shop % 2 ? "Heytea" : "Luckin",
  };
  return {
    v: 1,
    fingerprint: fingerprint("shop-over-capacity", labels),
    rule: "shop-over-capacity",
    state: "firing",
    labels,
    annotations: {},
    startsAt: 0,
    endsAt: null,
    value: 1 + shop / 100,
    sentAt: 0,
    ...over,
  };
}

function apiAlert(endpoint: string, over: Partial<Alert> = {}): Alert {
  const labels = { alertname: "endpoint-error-rate", severity: "critical", team: "api", endpoint };
  return {
    v: 1,
    fingerprint: fingerprint("endpoint-error-rate", labels),
    rule: "endpoint-error-rate",
    state: "firing",
    labels,
    annotations: {},
    startsAt: 0,
    endsAt: null,
    value: 0.2,
    sentAt: 0,
    ...over,
  };
}

/** Ticks every `step` ms from `from` to `to` inclusive, collecting the results. */
function run(d: ReturnType<typeof createDispatcher>, from: number, to: number, step = 100): FlushResult[] {
  const out: FlushResult[] = [];
  for (let t = from; t <= to; t += step) out.push(d.tick(t));
  return out;
}
const notes = (rs: FlushResult[]): Notification[] => rs.flatMap((r) => r.notifications);
const byReceiver = (ns: Notification[], receiver: string) => ns.filter((n) => n.receiver === receiver);

describe("dispatcher timing", () => {
  it("waits group_wait, batching what arrives meanwhile into the first message", () => {
    const d = createDispatcher({ policy });
    d.ingest([shopAlert(1)], 0);
    d.ingest([shopAlert(3)], 5 * S);
    expect(notes(run(d, 0, 10 * S - 1))).toEqual([]);
    const ns = notes(run(d, 10 * S, 10 * S));
    const shops = byReceiver(ns, "shops");
    expect(shops).toHaveLength(1);
    expect(shops[0]).toMatchObject({ status: "firing", counts: { firing: 2, resolved: 0 } });
    expect(shops[0]?.groupLabels).toEqual({ alertname: "shop-over-capacity", chain: "Heytea" });
    // `continue` also sent it to the next matching route, in a group of its own.
    const hook = byReceiver(ns, "hook");
    expect(hook).toHaveLength(1);
    expect(hook[0]?.groupLabels).toEqual({ alertname: "shop-over-capacity" });
  });

  it("sends at most one message per group_interval, and only when something changed", () => {
    const d = createDispatcher({ policy });
    d.ingest([shopAlert(1)], 0);
    run(d, 0, 10 * S);
    d.ingest([shopAlert(3)], 12 * S);
    d.ingest([shopAlert(5)], 40 * S);
    expect(byReceiver(notes(run(d, 10 * S + 100, 70 * S - 100)), "shops")).toEqual([]);
    const next = byReceiver(notes(run(d, 70 * S, 70 * S)), "shops");
    expect(next).toHaveLength(1);
    expect(next[0]?.counts.firing).toBe(3);
    // Re-sends of the same alerts change nothing: no message until repeat_interval.
    for (let t = 71 * S; t < 60 * M; t += 30 * S)
      d.ingest([shopAlert(1, { sentAt: t }), shopAlert(3, { sentAt: t }), shopAlert(5, { sentAt: t })], t);
    expect(byReceiver(notes(run(d, 70 * S + 100, 70 * S + 59 * M, 1000)), "shops")).toEqual([]);
    d.ingest(
      [shopAlert(1, { sentAt: 61 * M }), shopAlert(3, { sentAt: 61 * M }), shopAlert(5, { sentAt: 61 * M })],
      61 * M,
    );
    const repeat = byReceiver(notes(run(d, 70 * S + 59 * M + 1000, 70 * S + 62 * M, 1000)), "shops");
    expect(repeat).toHaveLength(1);
    expect(repeat[0]?.createdAt).toBeGreaterThanOrEqual(70 * S + 60 * M);
    expect(repeat[0]?.createdAt).toBeLessThanOrEqual(70 * S + 60 * M + 2 * S);
  });

  it("notifies the resolution, then forgets the group", () => {
    const d = createDispatcher({ policy });
    d.ingest([shopAlert(1), shopAlert(3)], 0);
    run(d, 0, 10 * S);
    d.ingest([shopAlert(3, { state: "resolved", endsAt: 20 * S, sentAt: 20 * S })], 20 * S);
    const partial = byReceiver(notes(run(d, 11 * S, 70 * S)), "shops");
    expect(partial).toHaveLength(1);
    expect(partial[0]).toMatchObject({ status: "firing", counts: { firing: 1, resolved: 1 } });
    expect(partial[0]?.alerts.find((a) => a.status === "resolved")?.endsAt).toBe(20 * S);
    d.ingest([shopAlert(1, { state: "resolved", endsAt: 80 * S, sentAt: 80 * S })], 80 * S);
    const results = run(d, 71 * S, 130 * S);
    const last = byReceiver(notes(results), "shops");
    expect(last).toHaveLength(1);
    expect(last[0]).toMatchObject({ status: "resolved", counts: { firing: 0, resolved: 1 } });
    expect(results.flatMap((r) => r.deletedGroups)).toContain(last[0]?.groupKey);
    expect(d.stats()).toEqual({ groups: 0, firing: 0 });
  });

  it("resolves alerts whose source went quiet after resolve_timeout", () => {
    const d = createDispatcher({ policy });
    d.ingest([shopAlert(1)], 0);
    const rs = run(d, 0, 6 * M, 1000);
    expect(rs.flatMap((r) => r.transitions).map((t) => [t.state, t.reason])).toEqual([
      ["resolved", "timeout"],
    ]);
    const shops = byReceiver(notes(rs), "shops");
    expect(shops.map((n) => n.status)).toEqual(["firing", "resolved"]);
  });

  it("respects send_resolved: false (nothing to say when all resolved)", () => {
    const d = createDispatcher({ policy });
    d.ingest([apiAlert("GET /a")], 0);
    expect(byReceiver(notes(run(d, 0, 1 * S)), "api")).toHaveLength(1);
    d.ingest([apiAlert("GET /a", { state: "resolved", endsAt: 5 * S, sentAt: 5 * S })], 5 * S);
    expect(byReceiver(notes(run(d, 1100, 2 * M)), "api")).toEqual([]);
    expect(d.stats().groups).toBe(0);
  });
});

describe("dispatcher muting", () => {
  it("leaves silenced alerts out, and says nothing when all are silenced", () => {
    const d = createDispatcher({ policy });
    d.setSilences([
      {
        id: "s",
        matchers: [parseMatcher('shop="3"')],
        startsAt: 0,
        endsAt: 30 * M,
        createdBy: "ops",
        comment: "",
      },
    ]);
    d.ingest([shopAlert(1), shopAlert(3)], 0);
    const first = byReceiver(notes(run(d, 0, 10 * S)), "shops");
    expect(first[0]?.counts.firing).toBe(1);
    expect(first[0]?.alerts.map((a) => a.labels.shop)).toEqual(["1"]);

    const d2 = createDispatcher({ policy });
    d2.setSilences([
      {
        id: "s",
        matchers: [parseMatcher('chain="Heytea"')],
        startsAt: 0,
        endsAt: 30 * M,
        createdBy: "ops",
        comment: "",
      },
    ]);
    d2.ingest([shopAlert(1), shopAlert(3)], 0);
    expect(byReceiver(notes(run(d2, 0, 10 * S)), "shops")).toEqual([]);
  });

  it("judges a stream-clock silence by the stream's time, not the wall clock", () => {
    const feb = Date.parse("2026-02-06T02:19:00Z");
    const streamSilence = {
      id: "s",
      matchers: [parseMatcher('shop="3"')],
      startsAt: feb,
      endsAt: feb + 2 * 60 * M,
      clock: "stream" as const,
      createdBy: "ops",
      comment: "",
    };
    const shops = (streamNow: number | null) => {
      const d = createDispatcher({ policy });
      d.setSilences([streamSilence]);
      d.ingest([shopAlert(1), shopAlert(3)], 0);
      const rs: FlushResult[] = [];
      for (let t = 0; t <= 10 * S; t += 100) rs.push(d.tick(t, streamNow));
      return byReceiver(notes(rs), "shops")[0]
        ?.alerts.map((a) => a.labels.shop)
        .sort();
    };
    // Wall time 0 is long before the silence's February times: muted all the same in its stream.
    expect(shops(feb + 30 * M)).toEqual(["1"]);
    // The stream passed its end, or its time is unknown: not in force.
    expect(shops(feb + 2 * 60 * M)).toEqual(["1", "3"]);
    expect(shops(null)).toEqual(["1", "3"]);
  });

  it("inhibits shop alerts while POST /order/create fails", () => {
    const d = createDispatcher({ policy });
    d.ingest([apiAlert("POST /order/create"), shopAlert(1), shopAlert(2)], 0);
    const ns = notes(run(d, 0, 10 * S));
    expect(byReceiver(ns, "shops")).toEqual([]);
    expect(byReceiver(ns, "api")).toHaveLength(1);
    // The outage ends: the shop alerts are told at the next flush.
    d.ingest([apiAlert("POST /order/create", { state: "resolved", endsAt: 20 * S, sentAt: 20 * S })], 20 * S);
    const after = byReceiver(notes(run(d, 10 * S + 100, 70 * S)), "shops");
    expect(after.map((n) => n.counts.firing).sort()).toEqual([1, 1]);
  });
});

describe("dispatcher under a storm", () => {
  it("turns 50,000 shop alerts in a minute into one digest per group per group_interval", () => {
    const d = createDispatcher({ policy });
    const all: Notification[] = [];
    let shop = 0;
    // 50,000 alerts arrive over 60 s in 100 ms steps; the dispatcher ticks every 100 ms, then every second.
    for (let t = 0; t <= 5 * M; t += t < 60 * S ? 100 : 1000) {
      if (t < 60 * S) {
        const batch: Alert[] = [];
        for (let i = 0; i < 50_000 / 600 && shop < 50_000; i++) batch.push(shopAlert(shop++, { sentAt: t }));
        d.ingest(batch, t);
      }
      all.push(...d.tick(t).notifications);
    }
    expect(shop).toBe(50_000);
    for (const receiver of ["shops", "hook"]) {
      const mine = byReceiver(all, receiver);
      const perGroup = new Map<string, number[]>();
      for (const n of mine) perGroup.set(n.groupKey, [...(perGroup.get(n.groupKey) ?? []), n.createdAt]);
      for (const times of perGroup.values()) {
        for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(M);
      }
      // First at group_wait, then once per interval while the storm grows, then quiet.
      expect(mine.length).toBeLessThanOrEqual(perGroup.size * 2);
      const lastPerGroup = [...perGroup.keys()].map((k) => mine.filter((n) => n.groupKey === k).at(-1)!);
      expect(lastPerGroup.reduce((s, n) => s + n.counts.firing, 0)).toBe(50_000);
      for (const n of mine) {
        expect(n.alerts.length).toBeLessThanOrEqual(5);
        expect(n.alerts.length + n.truncatedAlerts).toBe(n.counts.firing + n.counts.resolved);
      }
    }
    // Worst first: the listed shops are the highest values of their group.
    const heytea = byReceiver(all, "shops")
      .filter((n) => n.groupLabels.chain === "Heytea")
      .at(-1)!;
    expect(heytea.alerts.map((a) => a.labels.shop)).toEqual(["49999", "49997", "49995", "49993", "49991"]);
  }, 30_000);
});

describe("dispatcher restart", () => {
  it("neither repeats nor forgets notifications across a restart", () => {
    const d = createDispatcher({ policy });
    const groups = new Map<string, GroupState>();
    const keep = (rs: FlushResult[]) => {
      for (const r of rs) {
        for (const g of r.groups) groups.set(g.key, { ...g, log: g.log ?? groups.get(g.key)?.log });
        for (const k of r.deletedGroups) groups.delete(k);
      }
      return rs;
    };
    d.ingest([shopAlert(1), shopAlert(3), shopAlert(5)], 0);
    expect(byReceiver(notes(keep(run(d, 0, 10 * S))), "shops")).toHaveLength(1);
    // Shop 5 resolves while the notifier is down; the store has every alert's last state.
    const stored: TrackedAlert[] = [1, 3, 5].map((s) => {
      const a = shopAlert(s);
      return {
        fingerprint: a.fingerprint,
        rule: a.rule,
        labels: a.labels,
        annotations: a.annotations,
        startsAt: a.startsAt,
        value: a.value,
        sentAt: 0,
        lastSeenAt: 0,
        state: s === 5 ? "resolved" : "firing",
        endsAt: s === 5 ? 20 * S : null,
      };
    });
    const d2 = createDispatcher({ policy });
    const orphans = d2.restore({ alerts: stored, groups: [...groups.values()] }, 30 * S);
    expect(orphans).toEqual([]);
    const after = notes(run(d2, 30 * S, 3 * M));
    const shops = byReceiver(after, "shops");
    // Only the resolution of shop 5 is news; shops 1 and 3 are not re-announced.
    expect(shops).toHaveLength(1);
    expect(shops[0]).toMatchObject({ counts: { firing: 2, resolved: 1 } });
    expect(shops[0]?.alerts.find((a) => a.status === "resolved")?.labels.shop).toBe("5");
  });

  it("reports stored groups the current policy no longer has", () => {
    const d = createDispatcher({ policy });
    const orphans = d.restore(
      { alerts: [], groups: [{ key: "gone", receiver: "x", routeKey: "{}", labels: {}, nextFlushAt: 0 }] },
      0,
    );
    expect(orphans).toEqual(["gone"]);
  });
});
