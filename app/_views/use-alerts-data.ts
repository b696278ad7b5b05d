"use client";
/**
 * What the Alerts page reads over the JSON API: the routing tree and the rules' kinds once (they
 * change rarely), and every 10 s the history, silences, delivery log and receivers' state, with
 * when they were read on the server's clock (the panels' "updated N s ago").
 */
import { useCallback, useEffect, useRef, useState } from "react";
import type { Route as PolicyRoute } from "../../core/alerts/policy";
import { type RuleKind, RuleSchema } from "../../core/alerts/rule";
import { AlertRoutingResponseSchema, routeFromJson } from "../../core/api/alert-routing";
import {
  type AlertRow,
  AlertsResponseSchema,
  DeliveriesResponseSchema,
  type DeliveryRow,
  RulesResponseSchema,
  type SilenceRow,
  SilencesResponseSchema,
} from "../../core/api/alerting";
import { type ReceiversResponse, ReceiversResponseSchema } from "../../core/api/receivers";
import { apiFetch, errorText } from "../_lib/api-client";
import { useConnection } from "../_lib/live-context";

/** The routing tree (to group as the digests do) and each rule's kind (for the values' units). */
export function useAlertRouting(onError: (message: string) => void) {
  const [routing, setRouting] = useState<PolicyRoute | null>(null);
  const [kinds, setKinds] = useState<ReadonlyMap<string, RuleKind>>(new Map());
  const report = useRef(onError);
  report.current = onError;
  useEffect(() => {
    void (async () => {
      try {
        const [r, rules] = await Promise.all([
          apiFetch("/api/v1/alert-routing", AlertRoutingResponseSchema),
          apiFetch("/api/v1/rules", RulesResponseSchema),
        ]);
        setRouting(r.route ? routeFromJson(r.route) : null);
        setKinds(
          new Map(
            rules.rules.flatMap((x) => {
              const rule = RuleSchema.safeParse(x.definition);
              return rule.success ? [[x.id, rule.data.kind] as const] : [];
            }),
          ),
        );
      } catch (err) {
        report.current(errorText(err));
      }
    })();
  }, []);
  return { routing, kinds };
}

export interface AlertLists {
  history: AlertRow[] | null;
  silences: SilenceRow[] | null;
  deliveries: DeliveryRow[] | null;
  receivers: ReceiversResponse | null;
  /** Server ms of the last read; null before the first. */
  fetchedAt: number | null;
}

/** The lists, read now and every 10 s; `load` reads them again at once (after an action). */
export function useAlertLists(onError: (message: string) => void) {
  const [lists, setLists] = useState<AlertLists>({
    history: null,
    silences: null,
    deliveries: null,
    receivers: null,
    fetchedAt: null,
  });
  const offset = useRef(0);
  offset.current = useConnection().info.clockOffsetMs;
  const report = useRef(onError);
  report.current = onError;
  const load = useCallback(async () => {
    try {
      const [h, s, d, r] = await Promise.all([
        apiFetch("/api/v1/alerts?limit=100", AlertsResponseSchema),
        apiFetch("/api/v1/silences", SilencesResponseSchema),
        apiFetch("/api/v1/deliveries?limit=50", DeliveriesResponseSchema),
        apiFetch("/api/v1/receivers", ReceiversResponseSchema),
      ]);
      setLists({
        history: h.history,
        silences: s.silences,
        deliveries: d.deliveries,
        receivers: r,
        fetchedAt: Date.now() + offset.current,
      });
    } catch (err) {
      report.current(errorText(err));
    }
  }, []);
  useEffect(() => {
    void load();
    const t = setInterval(load, 10_000);
    return () => clearInterval(t);
  }, [load]);
  return { ...lists, load };
}
