"use client";
import { type ReactNode, useState } from "react";
import { ReplayCancelResponseSchema } from "../../core/api/replays";
import { formatProgress } from "../../core/replay/progress";
import { describeOverrides, type ReplayInfo } from "../../core/replay/replay-info";
import { Empty } from "../_components/bits";
import { apiFetch, errorText } from "../_lib/api-client";
import { fmtElapsed } from "../_lib/format";
import { useNow } from "../_lib/live-context";

/** A running replay: started how long ago, events read of all, rate, ETA, and Cancel (operators). */
export function ReplayWaiting({
  replay,
  canCancel = false,
  children,
}: {
  replay: ReplayInfo | null;
  canCancel?: boolean;
  children?: ReactNode;
}) {
  const now = useNow();
  const [cancel, setCancel] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const p = replay?.progress ?? null;
  const doCancel = async () => {
    if (!replay) return;
    setCancel({ busy: true, error: null });
    try {
      await apiFetch(`/api/v1/replays/${replay.id}/cancel`, ReplayCancelResponseSchema, {
        method: "POST",
        body: {},
      });
    } catch (err) {
      setCancel({ busy: false, error: errorText(err) });
    }
  };
  return (
    <Empty title={replay ? `Re-aggregating “${replay.name}” from Kafka…` : "Loading the replay…"}>
      {replay ? (
        <div data-testid="replay-progress">
          <p>
            Started {fmtElapsed(now - replay.createdAt)} ago ({describeOverrides(replay)}). The page opens the
            replay when it is ready.
          </p>
          <progress max={100} value={p ? p.percent : undefined} style={{ width: "100%" }} />
          <p className="num" data-testid="replay-progress-text">
            {p ? formatProgress(p) : "starting the re-aggregation processes…"}
          </p>
          {canCancel ? (
            <button
              type="button"
              onClick={() => void doCancel()}
              disabled={cancel.busy}
              data-testid="replay-cancel"
            >
              {cancel.busy ? "Cancelling…" : "Cancel"}
            </button>
          ) : null}
          {cancel.error ? <span className="form-error"> {cancel.error}</span> : null}
        </div>
      ) : null}
      {children}
    </Empty>
  );
}
