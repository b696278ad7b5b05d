/** One request to the app's API tier, as seen at the gateway. Topic `api`, key = endpoint. */
import { z } from "zod";

export const ApiEventSchema = z
  .strictObject({
    v: z.literal(1),
    type: z.literal("api"),
    id: z.string().min(1).max(64),
    /** Endpoint name, e.g. `POST /voucher/claim`. */
    endpoint: z.string().min(1).max(128),
    /** HTTP status code. */
    status: z.number().int().min(100).max(599),
    latencyMs: z.number().nonnegative().max(600_000),
    /** Error class for failures (`timeout`, `overload_503`, ...); null on success. */
    errorClass: z.string().min(1).max(64).nullable(),
    /** Whether the client sent this as a retry of a failed request. */
    retry: z.boolean(),
    ts: z.number().int().positive(),
  })
  .refine((e) => (e.status >= 400 || e.errorClass === null) && (e.status < 400 || e.errorClass !== null), {
    message: "errorClass is set exactly when status is 400 or above",
    path: ["errorClass"],
  });

export type ApiEvent = z.infer<typeof ApiEventSchema>;

/** API events are partitioned by endpoint, so one endpoint's latency sketch lives in one worker. */
export const apiKey = (e: Pick<ApiEvent, "endpoint">): string => e.endpoint;
