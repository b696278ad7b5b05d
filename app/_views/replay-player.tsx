"use client";
/**
 * A replay, played by the dashboard's own views: a banner saying it is a replay, the playback
 * controls and timeline, the what-if comparison, then Overview / Chains / Cities / Endpoints
 * rendered inside the replay's scope. Everyone with the link watches the same playback.
 */
import Link from "next/link";
import { type ReactNode, useCallback, useEffect, useRef, useState } from "react";
import { ReplayCancelResponseSchema } from "../../core/api/replays";
import { speedSteps } from "../../core/replay/playback";
import { formatProgress } from "../../core/replay/progress";
import { describeOverrides, type ReplayInfo } from "../../core/replay/replay-info";
import { Empty, Panel } from "../_components/bits";
import { ReplayScrubber } from "../_components/replay-scrubber";
import { apiFetch, errorText } from "../_lib/api-client";
import { fmtDateTime, fmtElapsed, fmtNum, parseElapsed } from "../_lib/format";
import { useLiveView, useNow } from "../_lib/live-context";
import { ReplayScopeProvider } from "../_lib/replay-scope";
import { useReplay } from "../_lib/use-replay";
import { Breakdown } from "./breakdown";
import { EndpointList } from "./endpoint-list";
import { Overview } from "./overview";
import { WhatIf } from "./replay-what-if";

const tabs = ["Overview", "Chains", "Cities", "Endpoints"] as const;
type Tab = (typeof tabs)[number];

/** The position readout: exact cumulative orders at the playback position (from the replay's view). */
function Position({ from, position }: { from: number; position: number }) {
  const v = useLiveView({ kind: "overview" })?.view ?? null;
  return (
    <div className="replay-position">
      <span>
        at{" "}
        <b className="num" data-testid="replay-elapsed">
          +{fmtElapsed(position - from)}
        </b>{" "}
        · {fmtDateTime(Math.floor(position / 1000))}
      </span>
      <span>
        orders since start{" "}
        <b className="num" data-testid="replay-orders">
          {v ? fmtNum(v.totals.ordersCreated) : "–"}
        </b>
      </span>
      <span>
        shops over capacity <b className="num">{v ? fmtNum(v.shops.overCapacity) : "–"}</b>
      </span>
    </div>
  );
}

/** A running replay: started how long ago, events read of all, rate, ETA, and Cancel (operators). */
function Waiting({
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

/** `canControl`: operators play, pause and seek the shared playback; viewers only watch it. */
export function ReplayPlayer({ id, canControl = false }: { id: string; canControl?: boolean }) {
  const r = useReplay(id);
  const [tab, setTab] = useState<Tab>("Overview");
  // Empty, not a fixed "5:00" (5 hours, past the end of a 30-minute replay): the placeholder
  // gives the replay's length.
  const [goto, setGoto] = useState("");
  const [copied, setCopied] = useState(false);
  const { replay, joined, playback } = r;
  const position = useRef(0);
  position.current = playback?.position ?? 0;
  const now = useCallback(() => position.current, []);
  const sharedAt = useRef(false);
  useEffect(() => {
    if (sharedAt.current || !playback || !joined || !canControl) return;
    sharedAt.current = true;
    const t = Number(new URLSearchParams(window.location.search).get("t"));
    if (t > 0) r.control({ action: "seek", t: Math.min(playback.to, playback.from + t * 1000) });
  }, [playback, joined, canControl, r]);

  if (!replay)
    return r.error ? <Empty title="Cannot open this replay">{r.error}</Empty> : <Waiting replay={null} />;
  if (replay.status === "failed")
    return (
      <Empty title={`Replay “${replay.name}” failed`}>{replay.error ?? "See the web server log."}</Empty>
    );
  if (replay.status === "running" || !joined || !playback)
    return (
      <Waiting replay={replay.status === "running" ? replay : null} canCancel={canControl}>
        {r.error ? <p role="alert">{r.error}</p> : null}
      </Waiting>
    );

  const seekTo = () => {
    const ms = parseElapsed(goto);
    if (ms !== null) r.control({ action: "seek", t: Math.min(playback.to, playback.from + ms) });
  };
  // The link carries the playback position (?t=seconds since the start): opened by an
  // operator, the playback goes there.
  const share = async () => {
    const url = new URL(window.location.href);
    url.searchParams.set("t", String(Math.round((playback.position - playback.from) / 1000)));
    try {
      await navigator.clipboard.writeText(url.toString());
      setCopied(true);
    } catch {
      window.prompt("Copy this link", url.toString());
    }
  };

  return (
    <>
      <div className="banner info replay-banner" role="status" data-testid="replay-banner">
        <strong>Replay · {replay.name}</strong>
        <p>
          {replay.source === "kafka" ? "re-aggregated from the raw events" : "from the live snapshots"} ·{" "}
          {describeOverrides(replay)} · {r.viewers} watching ·{" "}
          <button type="button" className="share-link" onClick={share}>
            {copied ? "Link copied" : "Share link"}
          </button>{" "}
          · <Link href={`/replays/${replay.id}/report`}>Report</Link> ·{" "}
          <Link href="/replays">All replays</Link>
        </p>
      </div>

      <Panel
        title="Playback"
        hint={
          canControl
            ? "everyone with the link sees the same position"
            : "everyone with the link sees the same position; operators steer it"
        }
        testId="replay-controls"
      >
        <fieldset className="replay-controls" disabled={!canControl}>
          <button
            type="button"
            className="primary"
            data-testid="replay-play"
            onClick={() => r.control({ action: playback.playing ? "pause" : "play" })}
          >
            {playback.playing ? "❚❚ Pause" : "▶ Play"}
          </button>
          <fieldset className="segmented" aria-label="Speed">
            {speedSteps.map((s) => (
              <button
                key={s}
                type="button"
                aria-pressed={playback.speed === s}
                data-testid={`replay-speed-${s}`}
                onClick={() => r.control({ action: "speed", speed: s })}
              >
                {s}×
              </button>
            ))}
          </fieldset>
          <form
            className="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              seekTo();
            }}
          >
            <label>
              Go to{" "}
              <input
                value={goto}
                onChange={(e) => setGoto(e.target.value)}
                placeholder={`0:00–${fmtElapsed(playback.to - playback.from)}`}
                size={10}
                aria-label="Position since the start (h:mm)"
                data-testid="replay-goto"
              />
            </label>
            <button type="submit" data-testid="replay-goto-button">
              Go
            </button>
          </form>
          <span className="sub" data-testid="replay-state">
            {playback.playing ? `playing at ${playback.speed}×` : "paused"} · length{" "}
            {fmtElapsed(playback.to - playback.from)}
          </span>
        </fieldset>
        <ReplayScopeProvider id={replay.id} alerts={joined.timeline.alerts}>
          <Position from={playback.from} position={playback.position} />
        </ReplayScopeProvider>
        <ReplayScrubber
          timeline={joined.timeline}
          from={playback.from}
          position={playback.position}
          onSeek={(t) => (canControl ? r.control({ action: "seek", t }) : undefined)}
        />
        {joined.timeline.milestones.length ? (
          <div className="legend" data-testid="replay-milestones">
            {joined.timeline.milestones.map((m) => (
              <button
                key={m.orders}
                type="button"
                className="link"
                disabled={!canControl}
                onClick={() => r.control({ action: "seek", t: m.at })}
              >
                {fmtNum(m.orders)} orders at +{fmtElapsed(m.at - playback.from)}
              </button>
            ))}
          </div>
        ) : null}
      </Panel>

      <div className="section">
        <WhatIf
          replay={replay}
          baseline={r.baseline}
          mine={{ from: playback.from, to: playback.to, alerts: joined.timeline.alerts }}
        />
      </div>

      <div className="section">
        <fieldset className="segmented" aria-label="Replay view">
          {tabs.map((t) => (
            <button key={t} type="button" aria-pressed={tab === t} onClick={() => setTab(t)}>
              {t}
            </button>
          ))}
        </fieldset>
      </div>
      <ReplayScopeProvider id={replay.id} alerts={joined.timeline.alerts} now={now}>
        {tab === "Overview" ? <Overview /> : null}
        {tab === "Chains" ? <Breakdown dimension="chain" /> : null}
        {tab === "Cities" ? <Breakdown dimension="city" /> : null}
        {tab === "Endpoints" ? <EndpointList /> : null}
      </ReplayScopeProvider>
    </>
  );
}
