/**
 * The web process's annotations: stored through their adapter, pushed to this process's
 * dashboards over the typed socket contract (`annotation`). Dashboards on other web processes
 * see a new one at their next refresh (app/_lib/annotations.tsx).
 */

import { createAnnotationsStore } from "../adapters/db/annotations-store";
import type { PrismaClient } from "../adapters/db/prisma";
import type { AnnotationApiDeps } from "./http/annotation-routes";
import type { LiveSockets } from "./live/socket-server";

export function webAnnotations(prisma: PrismaClient, sockets: Pick<LiveSockets, "io">): AnnotationApiDeps {
  return {
    store: createAnnotationsStore(prisma),
    publish: (annotation) => sockets.io.emit("annotation", annotation),
  };
}
