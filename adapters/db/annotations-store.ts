/**
 * The `annotations` table (notes and deploy markers on the charts): its one adapter. Times are
 * epoch ms at this edge, as in core/annotations/annotation.ts.
 */
import type { PrismaClient } from "@prisma/client";
import type { Annotation, AnnotationKind } from "../../core/annotations/annotation";

export interface NewAnnotation {
  at: number;
  clock: Annotation["clock"];
  kind: AnnotationKind;
  text: string;
  createdBy: string;
}

export interface AnnotationsStore {
  add(a: NewAnnotation): Promise<Annotation>;
  /** At or after `from`, at or before `to` (either open), the newest `limit`, oldest first. */
  list(q: { from?: number; to?: number; limit: number }): Promise<Annotation[]>;
}

type Row = {
  id: string;
  at: Date;
  clock: string;
  kind: string;
  text: string;
  createdBy: string;
  createdAt: Date;
};

const toAnnotation = (r: Row): Annotation => ({
  id: r.id,
  at: r.at.getTime(),
  clock: r.clock === "stream" ? "stream" : "wall",
  kind: r.kind === "deploy" ? "deploy" : "note",
  text: r.text,
  createdBy: r.createdBy,
  createdAt: r.createdAt.getTime(),
});

export function createAnnotationsStore(prisma: PrismaClient): AnnotationsStore {
  return {
    async add(a) {
      const row = await prisma.annotation.create({
        data: { at: new Date(a.at), clock: a.clock, kind: a.kind, text: a.text, createdBy: a.createdBy },
      });
      return toAnnotation(row);
    },
    async list({ from, to, limit }) {
      const rows = await prisma.annotation.findMany({
        where: {
          at: {
            ...(from === undefined ? {} : { gte: new Date(from) }),
            ...(to === undefined ? {} : { lte: new Date(to) }),
          },
        },
        orderBy: [{ at: "desc" }, { id: "desc" }],
        take: limit,
      });
      return rows.map(toAnnotation).reverse();
    },
  };
}
