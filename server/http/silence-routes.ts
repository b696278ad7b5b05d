/**
 * Silences in the JSON API: listing, creating and expiring them. A silence made while the pages
 * follow the stream's clock runs on that clock (core/pipeline/silence-clock.ts).
 */
import { z } from "zod";
import type { AlertingQueries } from "../../adapters/db/alerting-queries";
import { SilenceCreatedResponseSchema, SilencesResponseSchema } from "../../core/api/alerting";
import { createSilenceClock, newSilenceWindow } from "../../core/pipeline/silence-clock";
import type { PipelineStatus } from "../../core/pipeline/status";
import { DurationTextSchema } from "../../core/time/duration";
import { HttpError } from "./respond";
import { type Route, route } from "./route";

const maxSilenceMs = 7 * 86_400_000;
export const CreateSilenceBodySchema = z
  .strictObject({
    /** Prometheus-style matchers, e.g. `shop="123"`, `alertname=~"shop-.*"`. */
    matchers: z.array(z.string().min(1).max(300)).min(1).max(20),
    /** How long the silence lasts from now (1 min to 7 days), in minutes... */
    durationMinutes: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60)
      .optional(),
    /** ...or as a duration like `90m`, `2h`, `1d` (core/time/duration.ts). */
    duration: DurationTextSchema.refine(
      (ms) => ms >= 60_000 && ms <= maxSilenceMs,
      "from 1m to 7d",
    ).optional(),
    comment: z.string().max(2000).default(""),
  })
  .refine((b) => (b.durationMinutes === undefined) !== (b.duration === undefined), {
    message: "give durationMinutes or duration (one of them)",
    path: ["duration"],
  });

export interface SilenceRoutesDeps {
  alerting: AlertingQueries;
  clock?: () => number;
  /**
   * The clock the pages follow (the pipeline status): a silence made while it is the stream's
   * runs on the stream's clock. Default: always the wall clock.
   */
  pageClock?: () => Pick<PipelineStatus, "clock" | "streamTime">;
}

export function silenceRoutes(d: SilenceRoutesDeps): Route[] {
  const clock = d.clock ?? Date.now;
  const streamClock = createSilenceClock();
  /** The page clock now, and the stream's time for silences (standing still while unknown). */
  const clocks = () => {
    const status = d.pageClock?.() ?? null;
    streamClock.observe(status?.streamTime ?? null);
    return { status, ...streamClock.at(clock()) };
  };
  return [
    route(
      "GET",
      "/api/v1/silences",
      {
        access: "viewer",
        response: SilencesResponseSchema,
        query: z.object({ active: z.enum(["true", "false"]).optional() }),
      },
      async ({ query }) => {
        const { wall, stream } = clocks();
        return {
          body: {
            silences: await d.alerting.listSilences({
              active: query.active === "true",
              now: wall,
              streamNow: stream,
            }),
          },
        };
      },
    ),

    route(
      "POST",
      "/api/v1/silences",
      { access: "operator", body: CreateSilenceBodySchema, response: SilenceCreatedResponseSchema },
      async ({ body, principal }) => {
        const { status, wall } = clocks();
        const window = newSilenceWindow(status, wall, body.duration ?? body.durationMinutes! * 60_000);
        const silence = await d.alerting.createSilence(
          { matchers: body.matchers, ...window, createdBy: principal!.username, comment: body.comment },
          wall,
        );
        return { status: 201, body: { silence } };
      },
    ),

    route("POST", "/api/v1/silences/:id/expire", { access: "operator" }, async ({ params }) => {
      const { wall, stream } = clocks();
      if (!(await d.alerting.expireSilence(params.id!, wall, stream)))
        throw new HttpError(404, `no active silence ${params.id}`);
      return { status: 204 };
    }),
  ];
}
