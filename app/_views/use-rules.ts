"use client";
/**
 * The Rules page's state over the JSON API: the rules (read once, and again after a save), the
 * one being edited, and the error of the last save (the server's 400 names the field).
 */
import { useCallback, useEffect, useState } from "react";
import { type RuleRecord, RulesResponseSchema } from "../../core/api/alerting";
import { apiCall, apiFetch, errorText } from "../_lib/api-client";
import type { Definition } from "./rule-fields";

export function useRules() {
  const [rules, setRules] = useState<RuleRecord[] | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setRules((await apiFetch("/api/v1/rules", RulesResponseSchema)).rules);
    } catch (err) {
      setLoadError(errorText(err));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  /** Opens one rule's form (null: closes it), clearing the last save's error. */
  const edit = (id: string | null) => {
    setEditing(id);
    setError(null);
  };
  const save = (rule: RuleRecord, next: Definition) => {
    setError(null);
    void (async () => {
      try {
        await apiCall(`/api/v1/rules/${encodeURIComponent(rule.id)}`, { method: "PUT", body: next });
        setEditing(null);
        await load();
      } catch (err) {
        setError(errorText(err));
      }
    })();
  };

  return { rules, loadError, editing, error, edit, save };
}
