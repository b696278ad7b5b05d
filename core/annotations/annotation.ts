/**
 * Annotations: a note or a deploy marker at a moment of the launch ("rolled back the claim
 * service"), added from the dashboard or the API and drawn on every chart whose time range holds
 * it. Like silences, an annotation is stamped on the clock the page follows when it is made
 * (core/pipeline/silence-clock.ts): during a simulation or a replay, the stream's newest data.
 * Pure: the type, the API's Zod schemas and which annotations a chart shows.
 */
import { z } from "zod";
import type { SilenceClock } from "../alerts/silences";
import { newSilenceWindow } from "../pipeline/silence-clock";
import type { PipelineStatus } from "../pipeline/status";

export const annotationKinds = ["note", "deploy"] as const;
export const AnnotationKindSchema = z.enum(annotationKinds);
export type AnnotationKind = z.infer<typeof AnnotationKindSchema>;

export const AnnotationSchema = z.strictObject({
  id: z.string(),
  /** Epoch ms of the moment it marks, on its clock (event time when `clock` is `stream`). */
  at: z.number().int(),
  /** `wall`, or `stream`: made while the page followed the stream's clock. */
  clock: z.enum(["wall", "stream"]),
  kind: AnnotationKindSchema,
  text: z.string(),
  createdBy: z.string(),
  /** Wall-clock ms it was written. */
  createdAt: z.number().int(),
});
export type Annotation = z.infer<typeof AnnotationSchema>;

/** Epoch ms, or an ISO-8601 date. */
const instant = z.union([
  z.number().int().nonnegative(),
  z.iso.datetime({ offset: true }).transform((s) => Date.parse(s)),
]);

export const CreateAnnotationBodySchema = z.strictObject({
  text: z.string().trim().min(1, "say what happened").max(500),
  kind: AnnotationKindSchema.default("note"),
  /** The moment it marks; default: now on the page's clock (the stream's during a simulation). */
  at: instant.optional(),
});
export type CreateAnnotationBody = z.infer<typeof CreateAnnotationBodySchema>;

/** A query parameter: epoch ms or an ISO-8601 date. */
const instantParam = z
  .string()
  .transform((s) => (/^\d+$/.test(s) ? Number(s) : Date.parse(s)))
  .pipe(z.number().int({ message: "epoch milliseconds or an ISO-8601 date" }));

export const AnnotationsQuerySchema = z.object({
  /** Annotations at or after it. */
  from: instantParam.optional(),
  /** Annotations at or before it. */
  to: instantParam.optional(),
  limit: z
    .string()
    .regex(/^\d+$/, "a whole number")
    .transform(Number)
    .pipe(z.number().int().min(1).max(1000))
    .default(500),
});
export type AnnotationsQuery = z.infer<typeof AnnotationsQuerySchema>;

export const AnnotationsResponseSchema = z.strictObject({ annotations: z.array(AnnotationSchema) });
export const AnnotationCreatedResponseSchema = z.strictObject({ annotation: AnnotationSchema });

/**
 * When a new annotation is: the moment given, else now on the page's clock. During a simulation
 * or a replay (the page on the stream clock) that is the stream's newest data, so the marker
 * lands on the charts where the launch is, not months away on the wall clock.
 */
export function annotationMoment(
  status: Pick<PipelineStatus, "clock" | "streamTime"> | null,
  wallNow: number,
  at?: number,
): { clock: SilenceClock; at: number } {
  // A silence made now starts at the same moment on the same clock.
  const { clock, startsAt } = newSilenceWindow(status, wallNow, 0);
  return { clock, at: at ?? startsAt };
}

/**
 * The annotations a chart spanning `[fromMs, toMs]` shows, oldest first (both ends included: a
 * marker on the newest second of a live chart is drawn).
 */
export function annotationsIn(
  annotations: readonly Annotation[],
  fromMs: number,
  toMs: number,
): Annotation[] {
  return annotations.filter((a) => a.at >= fromMs && a.at <= toMs).sort((a, b) => a.at - b.at);
}
