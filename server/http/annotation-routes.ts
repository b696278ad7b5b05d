/**
 * Annotations over HTTP (docs/DASHBOARD.md): `GET /api/v1/annotations` for a range, `POST` adds
 * a note or a deploy marker, stamped on the clock the pages follow (the stream's during a
 * simulation or a replay, as silences are) and pushed at once to every dashboard connected to
 * this web process.
 */
import type { AnnotationsStore } from "../../adapters/db/annotations-store";
import {
  type Annotation,
  AnnotationCreatedResponseSchema,
  AnnotationsQuerySchema,
  AnnotationsResponseSchema,
  annotationMoment,
  CreateAnnotationBodySchema,
} from "../../core/annotations/annotation";
import { createSilenceClock } from "../../core/pipeline/silence-clock";
import type { PipelineStatus } from "../../core/pipeline/status";
import { type Route, route } from "./route";

export interface AnnotationApiDeps {
  store: AnnotationsStore;
  /** Sends a new annotation to the dashboards (the socket event `annotation`). */
  publish(annotation: Annotation): void;
}

export function annotationRoutes(
  d: AnnotationApiDeps & {
    /** The clock the pages follow (the pipeline status); default: always the wall clock. */
    pageClock?: () => Pick<PipelineStatus, "clock" | "streamTime">;
    clock?: () => number;
  },
): Route[] {
  const clock = d.clock ?? Date.now;
  // While every worker is silent the status has no stream time: the stream's clock stands still.
  const streamClock = createSilenceClock();
  return [
    route(
      "GET",
      "/api/v1/annotations",
      {
        access: "viewer",
        query: AnnotationsQuerySchema,
        response: AnnotationsResponseSchema,
        summary: "Notes and deploy markers in a range (epoch ms or ISO-8601), oldest first",
      },
      async ({ query }) => ({ body: { annotations: await d.store.list(query) } }),
    ),
    route(
      "POST",
      "/api/v1/annotations",
      {
        access: "operator",
        body: CreateAnnotationBodySchema,
        response: AnnotationCreatedResponseSchema,
        summary: "Adds a note or a deploy marker, now on the pages' clock unless `at` is given",
      },
      async ({ body, principal }) => {
        const status = d.pageClock?.() ?? null;
        streamClock.observe(status?.streamTime ?? null);
        const streamTime = streamClock.at(clock()).stream;
        const moment = annotationMoment(status && { clock: status.clock, streamTime }, clock(), body.at);
        const annotation = await d.store.add({
          ...moment,
          kind: body.kind,
          text: body.text,
          createdBy: principal!.username,
        });
        d.publish(annotation);
        return { status: 201, body: { annotation } };
      },
    ),
  ];
}
