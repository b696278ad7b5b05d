"use client";
/** The Rules page's table: a row per rule, the one being edited as its form (rule-edit-form.tsx). */
import type { RuleRecord } from "../../core/api/alerting";
import { fmtDateTime } from "../_lib/format";
import { RuleEditRow } from "./rule-edit-form";
import { type Definition, settingsText } from "./rule-fields";

interface RulesTableProps {
  rules: RuleRecord[];
  /** Operators and admins: an Edit button per rule. */
  canEdit: boolean;
  /** The id of the rule being edited, if any. */
  editing: string | null;
  /** The last save's error. */
  error: string | null;
  edit: (id: string | null) => void;
  save: (rule: RuleRecord, next: Definition) => void;
}

export function RulesTable({ rules, canEdit, editing, error, edit, save }: RulesTableProps) {
  return (
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
              <RuleEditRow
                key={r.id}
                rule={r}
                colSpan={canEdit ? 6 : 5}
                error={error}
                onSave={save}
                onCancel={() => edit(null)}
              />
            ) : (
              <RuleRow key={r.id} rule={r} onEdit={canEdit ? () => edit(r.id) : null} />
            ),
          )}
        </tbody>
      </table>
    </div>
  );
}

/** One rule as stored: its settings, enabled, and where the definition comes from. */
function RuleRow({ rule: r, onEdit }: { rule: RuleRecord; onEdit: (() => void) | null }) {
  return (
    <tr data-testid="rule">
      <td>
        <b>{r.id}</b>
        {r.valid ? null : <span className="tag crit"> INVALID</span>}
      </td>
      <td>{String(r.definition.kind)}</td>
      <td>
        <code>{settingsText(r.definition)}</code>
      </td>
      <td>{r.definition.enabled === false ? "no" : "yes"}</td>
      <td>
        {r.source === "ui" ? `ui · ${r.updatedBy ?? "?"} · ${fmtDateTime(r.updatedAt / 1000)}` : "file"}
      </td>
      {onEdit ? (
        <td>
          <button type="button" onClick={onEdit}>
            Edit
          </button>
        </td>
      ) : null}
    </tr>
  );
}
