"use client";
/**
 * The Rules page: every alert rule; operators edit thresholds, `for` and enabled. The server
 * validates with the rule schema and answers a 400 naming the field, shown next to the form.
 * The table (rules-table.tsx) and its edit form (rule-edit-form.tsx); the rules over the JSON API
 * (use-rules.ts).
 */
import type { PagePrincipal } from "../../core/auth/principal-header";
import { roleAtLeast } from "../../core/auth/roles";
import { Empty, Panel } from "../_components/bits";
import { RulesTable } from "./rules-table";
import { useRules } from "./use-rules";

export function RulesPage({ user }: { user: PagePrincipal }) {
  const canEdit = roleAtLeast(user.role, "operator");
  const { rules, loadError, editing, error, edit, save } = useRules();

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
          <RulesTable
            rules={rules}
            canEdit={canEdit}
            editing={editing}
            error={error}
            edit={edit}
            save={save}
          />
        )}
      </Panel>
    </>
  );
}
