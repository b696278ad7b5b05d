"use client";
/** One rule's edit form, in place of its row: its numbers, its durations and enabled. */
import type { FormEvent } from "react";
import type { RuleRecord } from "../../core/api/alerting";
import {
  type Definition,
  definitionFromForm,
  durationFields,
  durationText,
  numberFields,
} from "./rule-fields";

interface RuleEditRowProps {
  rule: RuleRecord;
  colSpan: number;
  /** The last save's error, shown next to the form. */
  error: string | null;
  onSave: (rule: RuleRecord, next: Definition) => void;
  onCancel: () => void;
}

export function RuleEditRow({ rule: r, colSpan, error, onSave, onCancel }: RuleEditRowProps) {
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    onSave(r, definitionFromForm(r.definition, new FormData(e.currentTarget)));
  };
  return (
    <tr>
      <td colSpan={colSpan}>
        <form onSubmit={submit} style={{ display: "flex", gap: 12, flexWrap: "wrap", alignItems: "end" }}>
          <b>{r.id}</b>
          {numberFields(r.definition).map((k) => (
            <label key={k} className="field">
              {k}
              <input name={k} defaultValue={String(r.definition[k])} inputMode="decimal" size={8} />
            </label>
          ))}
          {durationFields.map((k) => (
            <label key={k} className="field">
              {k}
              <input
                name={k}
                defaultValue={r.definition[k] === undefined ? "" : durationText(r.definition[k])}
                placeholder="e.g. 30s"
                size={8}
              />
            </label>
          ))}
          <label>
            <input name="enabled" type="checkbox" defaultChecked={r.definition.enabled !== false} /> enabled
          </label>
          <button type="submit" className="primary">
            Save
          </button>
          <button type="button" onClick={onCancel}>
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
  );
}
