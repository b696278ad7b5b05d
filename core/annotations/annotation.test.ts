import { describe, expect, it } from "vitest";
import {
  type Annotation,
  AnnotationsQuerySchema,
  annotationMoment,
  annotationsIn,
  CreateAnnotationBodySchema,
} from "./annotation";

const at = (t: number, id = String(t)): Annotation => ({
  id,
  at: t,
  clock: "wall",
  kind: "note",
  text: id,
  createdBy: "op",
  createdAt: t,
});

describe("annotations", () => {
  it("are stamped on the page's clock: the stream's newest data during a simulation", () => {
    const feb = Date.UTC(2026, 1, 6, 2, 0, 31);
    const dec = Date.UTC(2026, 11, 2, 18, 0);
    expect(annotationMoment({ clock: "stream", streamTime: feb }, dec)).toEqual({ clock: "stream", at: feb });
    expect(annotationMoment({ clock: "wall", streamTime: feb }, dec)).toEqual({ clock: "wall", at: dec });
    expect(annotationMoment(null, dec)).toEqual({ clock: "wall", at: dec });
    // The stream's time unknown (every worker silent): the wall clock.
    expect(annotationMoment({ clock: "stream", streamTime: null }, dec).clock).toBe("wall");
    // A moment given is kept, on the clock of the page.
    expect(annotationMoment({ clock: "stream", streamTime: feb }, dec, feb - 60_000)).toEqual({
      clock: "stream",
      at: feb - 60_000,
    });
  });

  it("a chart shows those inside its range, both ends included, oldest first", () => {
    const list = [at(3000), at(1000), at(999), at(2000), at(3001)];
    expect(annotationsIn(list, 1000, 3000).map((a) => a.at)).toEqual([1000, 2000, 3000]);
    expect(annotationsIn(list, 5000, 6000)).toEqual([]);
  });

  it("validates the body and the query: text required, kind note or deploy, ISO or epoch ms", () => {
    expect(CreateAnnotationBodySchema.parse({ text: " rolled back " })).toEqual({
      text: "rolled back",
      kind: "note",
    });
    expect(
      CreateAnnotationBodySchema.parse({ text: "v2", kind: "deploy", at: "2026-02-06T02:00:00Z" }).at,
    ).toBe(Date.UTC(2026, 1, 6, 2));
    expect(CreateAnnotationBodySchema.safeParse({ text: "" }).success).toBe(false);
    expect(CreateAnnotationBodySchema.safeParse({ text: "x", kind: "incident" }).success).toBe(false);
    expect(AnnotationsQuerySchema.parse({ from: "1000", to: "2026-02-06T02:00:00Z" })).toEqual({
      from: 1000,
      to: Date.UTC(2026, 1, 6, 2),
      limit: 500,
    });
    expect(AnnotationsQuerySchema.safeParse({ from: "yesterday" }).success).toBe(false);
  });
});
