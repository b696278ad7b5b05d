/** A replay as the dashboard and the API show it: its configuration, state and report. */
import { z } from "zod";
import type { CapacityOverride } from "./capacity-overrides";
import type { ReplayProgress } from "./progress";
import { describeRuleOverride, type RuleOverride } from "./rule-overrides";
import type { LaunchSummary } from "./summary";

/** `kafka`: re-aggregated from the raw events (what-if capable); `snapshots`: the live snapshots. */
export type ReplaySource = "kafka" | "snapshots";

export interface ReplayInfo {
  id: string;
  name: string;
  /** Event-time range [from, to) in ms. */
  from: number;
  to: number;
  overrides: CapacityOverride[];
  /** What-if rules. */
  ruleOverrides: RuleOverride[];
  /** The replay a what-if is compared with. */
  baselineId: string | null;
  source: ReplaySource;
  /** The frame-snapshot group it plays. */
  framesGroup: string;
  status: "running" | "done" | "failed";
  summary: LaunchSummary | null;
  /** While running: events read of all, rate and ETA (null before the first reading). */
  progress: ReplayProgress | null;
  error: string | null;
  /** Wall-clock ms. */
  createdAt: number;
}

/** Replay ids: what `newReplayId` makes (base-36 time + hex), bounded for room names and URLs. */
export const ReplayIdSchema = z.string().regex(/^[a-z0-9]{4,40}$/, "a replay id");

/** The room a replay's view is computed in: `replay:<id>|<room>`. */
export const replayRoom = (id: string, room: string): string => `replay:${id}|${room}`;
/** The room every viewer of a replay is in (playback changes). */
export const replayViewersRoom = (id: string): string => `replay:${id}`;

/** Splits a room name into its replay (null for live) and the view room. */
export function splitRoom(room: string): { replay: string | null; room: string } {
  if (!room.startsWith("replay:")) return { replay: null, room };
  const bar = room.indexOf("|");
  if (bar < 0) return { replay: room.slice(7), room: "" };
  return { replay: room.slice(7, bar), room: room.slice(bar + 1) };
}

/** "shops ×2, chain Heytea ×1.5, shop-over-capacity for = 5m" */
export function describeOverrides(r: Pick<ReplayInfo, "overrides" | "ruleOverrides">): string {
  const parts = [
    ...r.overrides.map(
      (o) =>
        `${o.target}${o.key ? ` ${o.key}` : ""} ${o.multiply !== undefined ? `×${o.multiply}` : `= ${o.set}`}`,
    ),
    ...(r.ruleOverrides ?? []).map(describeRuleOverride),
  ];
  return parts.length ? parts.join(", ") : "as it happened";
}
