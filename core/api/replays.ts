/**
 * The HTTP contract of the replays API (`/api/v1/replays`, `/<id>`, `/<id>/timeline`): replays,
 * their launch reports and timelines as Zod schemas, declared by the routes (OpenAPI, compile-time
 * check of the handlers) and parsed by the dashboard. Each is checked both ways against the type
 * the server builds (core/replay/), so the two cannot drift apart.
 */
import { z } from "zod";
import { counterNames } from "../aggregation/series";
import type { AlertSpan } from "../live/alert-annotations";
import { CapacityOverrideSchema } from "../replay/capacity-overrides";
import type { ReplayInfo } from "../replay/replay-info";
import { RuleOverrideSchema } from "../replay/rule-overrides";
import type { LaunchSummary } from "../replay/summary";
import type { ReplayTimeline } from "../replay/timeline";

const labels = z.record(z.string(), z.string());
const milestones = z.array(z.object({ orders: z.number(), at: z.number() }));

export const LaunchSummarySchema = z.object({
  from: z.number().nullable(),
  to: z.number().nullable(),
  totals: z.object(
    Object.fromEntries(counterNames.map((n) => [n, z.number()])) as Record<
      (typeof counterNames)[number],
      z.ZodNumber
    >,
  ),
  peaks: z.object({
    ordersPerSec: z.number(),
    downloadsPerSec: z.number(),
    apiRequestsPerSec: z.number(),
    shopsOverCapacity: z.number(),
  }),
  chainSecondsOverCapacity: z.record(z.string(), z.number()),
  endpointSecondsOverCapacity: z.record(z.string(), z.number()),
  shopSecondsOverCapacity: z.number(),
  worstShops: z.array(
    z.object({
      shopId: z.number(),
      chain: z.string(),
      city: z.string(),
      peakUtilization: z.number(),
      peakWaitMin: z.number(),
    }),
  ),
  milestones,
  alerts: z.object({
    fired: z.number(),
    byRule: z.record(z.string(), z.number()),
    timeline: z.array(z.object({ at: z.number(), rule: z.string(), state: z.string(), labels })),
  }),
  baseline: z
    .object({
      id: z.string(),
      from: z.number(),
      to: z.number(),
      ordersCreated: z.number(),
      alertsFired: z.number(),
      shopSecondsOverCapacity: z.number(),
      peakShopsOverCapacity: z.number(),
      endpointSecondsOverCapacity: z.record(z.string(), z.number()),
    })
    .optional(),
  perMinute: z.array(z.object({ t: z.number(), created: z.number() })).optional(),
});

export const ReplayInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** Event-time range [from, to) in ms. */
  from: z.number(),
  to: z.number(),
  overrides: z.array(CapacityOverrideSchema),
  ruleOverrides: z.array(RuleOverrideSchema),
  baselineId: z.string().nullable(),
  source: z.enum(["kafka", "snapshots"]),
  framesGroup: z.string(),
  status: z.enum(["running", "done", "failed"]),
  summary: LaunchSummarySchema.nullable(),
  progress: z
    .object({
      done: z.number(),
      total: z.number(),
      percent: z.number(),
      rate: z.number().nullable(),
      etaSec: z.number().nullable(),
    })
    .nullable(),
  error: z.string().nullable(),
  /** Wall-clock ms. */
  createdAt: z.number(),
});

export const AlertSpanSchema = z.object({
  rule: z.string(),
  severity: z.enum(["critical", "warning", "info"]),
  from: z.number(),
  to: z.number().nullable(),
  alerts: z.number(),
});

export const ReplayTimelineSchema = z.object({
  points: z.array(
    z.object({
      t: z.number(),
      ordersCreated: z.number(),
      ordersPerSec: z.number(),
      shopsOverCapacity: z.number(),
    }),
  ),
  milestones,
  alerts: z.array(AlertSpanSchema),
  fired: z.number(),
});

/** `GET /api/v1/replays`. */
export const ReplaysResponseSchema = z.object({ replays: z.array(ReplayInfoSchema), running: z.number() });
/** `POST /api/v1/replays` (201). */
export const ReplayCreatedResponseSchema = z.object({ replay: ReplayInfoSchema });
/** `GET /api/v1/replays/<id>`. */
export const ReplayResponseSchema = z.object({
  replay: ReplayInfoSchema,
  baseline: ReplayInfoSchema.nullable(),
});
/** `POST /api/v1/replays/<id>/cancel` (202): the running replay stops within about a second. */
export const ReplayCancelResponseSchema = z.object({ cancelling: z.boolean() });
/** `GET /api/v1/replays/<id>/timeline`: the played range [from, to] in ms. */
export const ReplayTimelineResponseSchema = z.object({
  replay: ReplayInfoSchema,
  timeline: ReplayTimelineSchema,
  from: z.number(),
  to: z.number(),
});

// Compile-time: each schema describes exactly the server's type, both ways.
type Both<T, S extends z.ZodType> = [(t: T) => z.infer<S>, (p: z.infer<S>) => T];
export const replayContractsHold: [
  Both<LaunchSummary, typeof LaunchSummarySchema>,
  Both<ReplayInfo, typeof ReplayInfoSchema>,
  Both<ReplayTimeline, typeof ReplayTimelineSchema>,
  Both<AlertSpan, typeof AlertSpanSchema>,
] = [
  [(t) => t, (p) => p],
  [(t) => t, (p) => p],
  [(t) => t, (p) => p],
  [(t) => t, (p) => p],
];
