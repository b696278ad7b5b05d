"use client";
/**
 * Says what is wrong with the live data and what to do about it. Silent when all is well;
 * the first seconds of connecting are not worth a banner.
 */
import { usePathname } from "next/navigation";
import { useEffect, useState } from "react";
import { fmtAge, fmtClock } from "../_lib/format";
import { useConnection, useNow } from "../_lib/live-context";

export function ConnectionBanner() {
  const { info, reconnect } = useConnection();
  const now = useNow();
  // A replay plays stored data: the live feed's state is not its business.
  const onReplay = usePathname()?.startsWith("/replays") ?? false;
  const [grace, setGrace] = useState(true);
  useEffect(() => {
    const t = setTimeout(() => setGrace(false), 3000);
    return () => clearTimeout(t);
  }, []);
  const s = info.status;
  const here = typeof window === "undefined" ? "/" : window.location.pathname + window.location.search;
  const signIn = `/login?next=${encodeURIComponent(here)}`;

  if (info.state === "unauthorized" || info.state === "session-ended") {
    const why =
      info.sessionEnd === "signed-out"
        ? "You signed out (perhaps in another tab)."
        : info.sessionEnd === "password-changed"
          ? "Your password was changed, which ended this session."
          : info.sessionEnd === "expired"
            ? "Your session expired."
            : info.sessionEnd === "idle"
              ? "Your session ended after a while without use."
              : info.sessionEnd === "revoked"
                ? "The API token of this connection was revoked."
                : info.sessionEnd === "access-changed"
                  ? "An administrator changed your access."
                  : "You are not signed in.";
    return (
      <div className="banner crit" role="alert" data-testid="banner">
        <div>
          <strong>Live updates stopped: {why}</strong>
          <p>
            <a href={signIn}>Sign in again</a> to resume. The numbers on screen are no longer updating.
          </p>
        </div>
      </div>
    );
  }
  if (info.state === "reconnecting" || (info.state === "connecting" && !grace)) {
    return (
      <div className="banner crit" role="alert" data-testid="banner">
        <div>
          <strong>
            Not connected to the dashboard server
            {s?.lastFrameAt ? ` · data frozen since ${fmtClock(s.lastFrameAt / 1000)}` : ""}
          </strong>
          <p>
            Retrying automatically{info.error ? ` (${info.error})` : ""}. If this lasts, check that the web
            process is running (<code>npm run web</code>) and reachable, then{" "}
            <button type="button" onClick={reconnect}>
              retry now
            </button>
          </p>
        </div>
      </div>
    );
  }
  if (info.state !== "connected" || !s) return null;
  if (s.kafka === "down") {
    return (
      <div className="banner crit" role="alert" data-testid="banner">
        <div>
          <strong>The dashboard server cannot reach Kafka: no new data</strong>
          <p>
            Check the broker (<code>npm run stack -- status</code>) and the <code>KAFKA_BROKERS</code> setting
            of the web process. Updates resume by themselves once it is back.
          </p>
        </div>
      </div>
    );
  }
  if (onReplay) return null;
  if (s.feed === "waiting") {
    return (
      <div className="banner info" role="status" data-testid="banner">
        <div>
          <strong>Waiting for the first frame from the aggregation workers</strong>
          <p>
            Nothing has arrived on the frames topic yet. Start a worker with <code>npm run worker</code>; to
            see traffic without a real launch, run <code>npm run simulate</code>.
          </p>
        </div>
      </div>
    );
  }
  if (s.feed === "stale" && s.lastFrameAt) {
    return (
      <div className="banner warn" role="alert" data-testid="banner">
        <div>
          <strong>
            No frame from the aggregation workers for {fmtAge(now + info.clockOffsetMs - s.lastFrameAt)}:
            numbers are frozen since {fmtClock(s.lastFrameAt / 1000)}
          </strong>
          <p>
            Check that the workers (<code>npm run worker</code>) are running and read their logs; their{" "}
            <code>/readyz</code> says whether they reach Kafka and Postgres.
          </p>
        </div>
      </div>
    );
  }
  return null;
}
