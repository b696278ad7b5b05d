"use client";
/**
 * The Rules page: every alert rule; operators edit thresholds, `for` and enabled. The server
 * validates with the rule schema and answers a 400 naming the field, shown next to the form.
 */
import { type FormEvent, useCallback, useEffect, useState } from "react";
import { type RuleRecord, RulesResponseSchema } from "../../core/api/alerting";
import type { PagePrincipal } from "../../core/auth/principal-header";
import { roleAtLeast } from "../../core/auth/roles";
import { formatDuration, tryParseDuration } from "../../core/time/duration";
import { Empty, Panel } from "../_components/bits";
import { apiCall, apiFetch, errorText } from "../_lib/api-client";
import { fmtDateTime } from "../_lib/format";

type Definition = RuleRecord["definition"];

/** Fields edited as text (durations keep the operator's spelling, e.g. `30s`). */
const durationFields = ["for", "keepFiringFor"];
/** Fields shown but not edited here. */
const fixedFields = ["id", "kind", "enabled", "labels", "annotations"];
/**
 * A stored duration one way, whether saved as milliseconds (`120000`) or as text (`2m`, `120s`):
 * the core formatter's `2m`; text that does not parse is shown as written.
 */
const durationText = (v: unknown): string => {
  const ms = typeof v === "number" ? v : typeof v === "string" ? tryParseDuration(v) : null;
  return ms === null ? String(v) : formatDuration(ms);
};
const numberFields = (d: Definition) =>
  Object.keys(d).filter(
    (k) => !fixedFields.includes(k) && !durationFields.includes(k) && typeof d[k] === "number",
  );

export function RulesPage({ user }: { user: PagePrincipal }) {
  const canEdit = roleAtLeast(user.role, "operator");
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

  const save = (rule: RuleRecord) => (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const next: Definition = { ...rule.definition, enabled: f.get("enabled") === "on" };
    for (const k of durationFields) {
      const raw = String(f.get(k) ?? "").trim();
      if (raw === "") delete next[k];
      else next[k] = /^\d+$/.test(raw) ? Number(raw) : raw;
    }
    for (const k of numberFields(rule.definition)) {
      const raw = String(f.get(k) ?? "").trim();
      next[k] = raw === "" ? raw : Number(raw);
    }
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

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Alert rules</h1>
          <div className="sub">
            Evaluated by the workers and the alerter; an edit here is kept over the rule file (source “ui”)
          </div>
        </div>
      </div>
      {loadError ? (
        <div className="banner crit" role="alert">
          <div>
            <strong>{loadError}</strong>
          </div>
        </div>
      ) : null}
      <Panel title="Rules">
        {rules === null ? (
          <Empty title="Loading…" />
        ) : rules.length === 0 ? (
          <Empty title="No rules loaded">Load the rule file with `npm run rules:load`.</Empty>
        ) : (
          <div className="table-wrap">
            <table className="data" data-testid="rules">
              <thead>
                <tr>
                  <th>Rule</th>
                  <th>Kind</th>
                  <th>Settings</th>
                  <th>Enabled</th>
                  <th>Source</th>
                  {canEdit ? <th /> : null}
                </tr>
              </thead>
              <tbody>
                {rules.map((r) =>
                  editing === r.id ? (
                    <tr key={r.id}>
                      <td colSpan={canEdit ? 6 : 5}>
                        <form
                          onSubmit={save(r)}
                          style={{ display: "flex", gap: 12, flexWrap: "wrap", alignItems: "end" }}
                        >
                          <b>{r.id}</b>
                          {numberFields(r.definition).map((k) => (
                            <label key={k} className="field">
                              {k}
                              <input
                                name={k}
                                defaultValue={String(r.definition[k])}
                                inputMode="decimal"
                                size={8}
                              />
                            </label>
                          ))}
                          {durationFields.map((k) => (
                            <label key={k} className="field">
                              {k}
                              <input
                                name={k}
                                defaultValue={
                                  r.definition[k] === undefined ? "" : durationText(r.definition[k])
                                }
                                placeholder="e.g. 30s"
                                size={8}
                              />
                            </label>
                          ))}
                          <label>
                            <input
                              name="enabled"
                              type="checkbox"
                              defaultChecked={r.definition.enabled !== false}
                            />{" "}
                            enabled
                          </label>
                          <button type="submit" className="primary">
                            Save
                          </button>
                          <button
                            type="button"
                            onClick={() => {
                              setEditing(null);
                              setError(null);
                            }}
                          >
                            Cancel
                          </button>
                          {error ? (
                            <p className="form-error" role="alert">
                              {error}
                            </p>
                          ) : null}
                        </form>
                      </td>
                    </tr>
                  ) : (
                    <tr key={r.id} data-testid="rule">
                      <td>
                        <b>{r.id}</b>
                        {r.valid ? null : <span className="tag crit"> INVALID</span>}
                      </td>
                      <td>{String(r.definition.kind)}</td>
                      <td>
                        <code>
                          {[...numberFields(r.definition), ...durationFields]
                            .filter((k) => r.definition[k] !== undefined)
                            .map(
                              (k) =>
                                `${k}=${durationFields.includes(k) ? durationText(r.definition[k]) : String(r.definition[k])}`,
                            )
                            .join(" ")}
                        </code>
                      </td>
                      <td>{r.definition.enabled === false ? "no" : "yes"}</td>
                      <td>
                        {r.source === "ui"
                          ? `ui · ${r.updatedBy ?? "?"} · ${fmtDateTime(r.updatedAt / 1000)}`
                          : "file"}
                      </td>
                      {canEdit ? (
                        <td>
                          <button
                            type="button"
                            onClick={() => {
                              setEditing(r.id);
                              setError(null);
                            }}
                          >
                            Edit
                          </button>
                        </td>
                      ) : null}
                    </tr>
                  ),
                )}
              </tbody>
            </table>
          </div>
        )}
      </Panel>
    </>
  );
}
