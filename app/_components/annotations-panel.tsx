"use client";
/**
 * Notes and deploy markers: the newest few, and a small form to add one (operators; the server
 * refuses others with a message shown here). A new one is stamped now on the page's clock (the
 * stream's during a simulation or a replay) and appears on every chart holding its time.
 */
import { type FormEvent, useState } from "react";
import type { AnnotationKind } from "../../core/annotations/annotation";
import { useAnnotations } from "../_lib/annotations";
import { errorText } from "../_lib/api-client";
import { fmtDateTime } from "../_lib/format";
import { Empty } from "./bits";
import { ExpandablePanel } from "./expandable-panel";

export function AnnotationsPanel({ newest = 5 }: { newest?: number }) {
  const { list, add } = useAnnotations();
  const [text, setText] = useState("");
  const [kind, setKind] = useState<AnnotationKind>("note");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await add({ text, kind });
      setText("");
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const shown = list.slice(-newest).reverse();
  return (
    <ExpandablePanel
      title="Annotations"
      hint="notes and deploys, on every chart of their time"
      expandable={false}
      testId="panel-annotations"
    >
      <form className="annotation-form" onSubmit={submit} data-testid="annotation-form">
        <select
          aria-label="Kind"
          value={kind}
          onChange={(e) => setKind(e.target.value === "deploy" ? "deploy" : "note")}
        >
          <option value="note">Note</option>
          <option value="deploy">Deploy</option>
        </select>
        <input
          aria-label="Annotation text"
          placeholder="what happened, e.g. scaled the claim service to 40 pods"
          maxLength={500}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit" disabled={busy || text.trim() === ""}>
          Add
        </button>
      </form>
      {error ? (
        <div className="form-error" role="alert">
          {error}
        </div>
      ) : null}
      {shown.length ? (
        <ul className="annotation-list" data-testid="annotation-list">
          {shown.map((a) => (
            <li key={a.id}>
              <span className={`tag ${a.kind === "deploy" ? "warn" : "none"}`}>{a.kind.toUpperCase()}</span>{" "}
              <span className="num">{fmtDateTime(a.at / 1000)}</span>
              {a.clock === "stream" ? <span className="user"> (stream clock)</span> : null} · {a.text}{" "}
              <span className="user">— {a.createdBy}</span>
            </li>
          ))}
        </ul>
      ) : (
        <Empty title="No annotations yet">
          Mark a deploy or a decision; it shows on the charts of its time.
        </Empty>
      )}
    </ExpandablePanel>
  );
}
