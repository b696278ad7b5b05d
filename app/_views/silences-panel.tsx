"use client";
/**
 * Silences on the Alerts page: the form (operators; pre-filled from an alert's Silence… button,
 * a refused silence's error next to it) and the list, each silence on its own clock with what it
 * mutes now (docs/ALERTING.md, "Silences and the stream's clock").
 */
import { type FormEvent, useState } from "react";
import type { SilenceRow } from "../../core/api/alerting";
import type { ActiveAlert } from "../../core/live/alerts";
import { silenceView } from "../../core/live/silence-view";
import { Empty } from "../_components/bits";
import { ExpandablePanel } from "../_components/expandable-panel";
import { apiCall, errorText } from "../_lib/api-client";
import { fmtAge, fmtDateTime } from "../_lib/format";
import { pollStaleMs } from "./receivers-panel";

const when = (ms: number) => fmtDateTime(ms / 1000);

export function SilencesPanel({
  silences,
  fetchedAt,
  alerts,
  clock,
  canAct,
  matchers,
  setMatchers,
  onChanged,
  run,
}: {
  silences: SilenceRow[] | null;
  /** Server ms when the list was read (the panel's age). */
  fetchedAt: number | null;
  /** The active alerts, for what each silence mutes now. */
  alerts: readonly ActiveAlert[];
  clock: { wall: number; streamTime: number | null; stream: boolean };
  canAct: boolean;
  /** The form's matchers (an alert's Silence… button fills them). */
  matchers: string;
  setMatchers: (m: string) => void;
  /** Reloads the lists after a change. */
  onChanged: () => Promise<void>;
  /** Runs an action, saying its error on the page. */
  run: (fn: () => Promise<unknown>) => Promise<void>;
}) {
  return (
    <ExpandablePanel
      title="Silences"
      hint="matching alerts are not notified"
      expandable={false}
      updatedAt={fetchedAt}
      staleAfterMs={pollStaleMs}
    >
      {canAct ? (
        <SilenceForm matchers={matchers} setMatchers={setMatchers} onChanged={onChanged} />
      ) : (
        <p className="user">Operators and admins can create silences.</p>
      )}
      {silences === null ? (
        <Empty title="Loading…" />
      ) : silences.length === 0 ? (
        <Empty title="No silences" />
      ) : (
        <table className="data" data-testid="silences">
          <thead>
            <tr>
              <th>Matchers</th>
              <th>Until</th>
              <th>By</th>
              {canAct ? <th /> : null}
            </tr>
          </thead>
          <tbody>
            {silences.map((s) => {
              const sv = silenceView(s, { wall: clock.wall, stream: clock.streamTime }, alerts);
              const { active } = sv;
              return (
                <tr key={s.id} style={{ opacity: active ? 1 : 0.5 }}>
                  <td>
                    <code>{s.matchers.join(", ")}</code>
                    {s.comment ? <div className="user">{s.comment}</div> : null}
                  </td>
                  <td>
                    {active ? when(s.endsAt) : `ended ${when(s.endsAt)}`}
                    {/* Each silence runs on its own clock (docs/ALERTING.md); say which when it
                        is not plainly the wall clock of a live page. */}
                    {s.clock === "stream" || clock.stream ? (
                      <div className="user" data-testid="silence-clock" data-clock={s.clock}>
                        {s.clock === "stream"
                          ? `stream clock · ${when(s.startsAt)} → ${when(s.endsAt)}`
                          : "wall clock"}
                        {active && sv.endsInMs !== null ? ` · ends in ${fmtAge(sv.endsInMs)}` : ""}
                      </div>
                    ) : null}
                    {active ? (
                      <div className="user" data-testid="silence-mutes">
                        mutes {sv.mutes} of the {alerts.length} active alert
                        {alerts.length === 1 ? "" : "s"}
                      </div>
                    ) : null}
                  </td>
                  <td>{s.createdBy}</td>
                  {canAct ? (
                    <td>
                      {active ? (
                        <button
                          type="button"
                          onClick={() =>
                            run(() => apiCall(`/api/v1/silences/${s.id}/expire`, { method: "POST" }))
                          }
                        >
                          Expire
                        </button>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </ExpandablePanel>
  );
}

/** The form (operators): matchers one a line, a duration, why; a refused silence's error beside it. */
function SilenceForm({
  matchers,
  setMatchers,
  onChanged,
}: {
  matchers: string;
  setMatchers: (m: string) => void;
  onChanged: () => Promise<void>;
}) {
  // A refused silence (bad matcher: the server's 400) is said next to the form that made it.
  const [silenceError, setSilenceError] = useState<string | null>(null);
  const createSilence = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const list = matchers
      .split(/\n|,(?=\s*[A-Za-z_][A-Za-z0-9_]*\s*(?:=|!=|=~|!~))/)
      .map((m) => m.trim())
      .filter(Boolean);
    setSilenceError(null);
    void (async () => {
      try {
        await apiCall("/api/v1/silences", {
          method: "POST",
          body: {
            matchers: list,
            durationMinutes: Number(f.get("duration")),
            comment: String(f.get("comment")),
          },
        });
        form.reset();
        setMatchers("");
        await onChanged();
      } catch (err) {
        setSilenceError(errorText(err));
      }
    })();
  };
  return (
    <form onSubmit={createSilence} style={{ display: "grid", gap: 8, marginBottom: 12 }}>
      <textarea
        name="matchers"
        aria-label="Matchers"
        value={matchers}
        onChange={(e) => setMatchers(e.target.value)}
        placeholder={'one matcher a line, e.g.\nalertname="shop-over-capacity"\nshop="123"'}
        rows={3}
        required
      />
      <div style={{ display: "flex", gap: 8, flexWrap: "wrap" }}>
        <select name="duration" aria-label="Duration" defaultValue="60">
          <option value="15">15 min</option>
          <option value="60">1 hour</option>
          <option value="240">4 hours</option>
          <option value="1440">1 day</option>
        </select>
        <input name="comment" aria-label="Comment" placeholder="Why?" maxLength={2000} />
        <button type="submit" className="primary">
          Create silence
        </button>
      </div>
      {silenceError ? (
        <div className="form-error" role="alert" data-testid="silence-error">
          Silence refused: {silenceError}
        </div>
      ) : null}
    </form>
  );
}
