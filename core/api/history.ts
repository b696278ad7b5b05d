/**
 * The HTTP contract of `GET /api/v1/history` (core/live/history.ts builds it): the response as a
 * Zod schema, declared by the route for the OpenAPI document and parsed by the dashboard's
 * client. Both directions of `HistorySeries` are checked against it at compile time, so the
 * schema cannot drift from what the server builds.
 */
import { z } from "zod";
import { windowNames } from "../frames/frame";
import type { HistorySeries } from "../live/history";

const seconds = z.number().describe("epoch seconds");

export const HistorySeriesSchema = z.object({
  from: seconds,
  to: seconds,
  /** Bucket width in seconds. */
  step: z.number(),
  resolution: z.union([z.literal("1s"), z.enum(windowNames)]),
  overview: z.array(
    z.object({
      t: seconds,
      orders: z.number(),
      made: z.number(),
      failed: z.number(),
      downloads: z.number(),
      invites: z.number(),
      apiRequests: z.number(),
      apiErrors: z.number(),
    }),
  ),
  endpoints: z.record(
    z.string(),
    z.array(
      z.object({
        t: seconds,
        requests: z.number(),
        errors: z.number(),
        retries: z.number(),
        p50: z.number().nullable(),
        p95: z.number().nullable(),
        p99: z.number().nullable(),
      }),
    ),
  ),
  shops: z.record(
    z.string(),
    z.array(
      z.object({
        t: seconds,
        ratePerMin: z.number(),
        capacityPerMin: z.number(),
        utilization: z.number(),
        backlog: z.number(),
        waitMin: z.number(),
      }),
    ),
  ),
  endpointCapacity: z.record(z.string(), z.number()),
});

// Compile-time: the schema describes exactly the server's type, both ways.
type Parsed = z.infer<typeof HistorySeriesSchema>;
export const historyContractHolds: [(h: HistorySeries) => Parsed, (p: Parsed) => HistorySeries] = [
  (h) => h,
  (p) => p,
];
