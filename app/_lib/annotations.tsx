"use client";
/**
 * The page's annotations (notes and deploy markers): the newest 500 from
 * `GET /api/v1/annotations`, refreshed every minute, plus those pushed over the socket the moment
 * they are added on this web process. Every chart draws those inside its range
 * ({@link useAnnotationsIn}); the form adds one with {@link useAnnotations}().add.
 */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import {
  type Annotation,
  AnnotationCreatedResponseSchema,
  type AnnotationKind,
  AnnotationsResponseSchema,
  annotationsIn,
} from "../../core/annotations/annotation";
import { apiFetch } from "./api-client";
import { useLiveClient } from "./live-context";

/** How many of the newest annotations a page holds (older ones: `GET /api/v1/annotations?from=`). */
const kept = 500;
const refreshMs = 60_000;

interface AnnotationsState {
  list: readonly Annotation[];
  add(input: { text: string; kind: AnnotationKind }): Promise<Annotation>;
}

const Ctx = createContext<AnnotationsState>({
  list: [],
  add: () => Promise.reject(new Error("annotations are not available here")),
});

const merge = (list: readonly Annotation[], more: readonly Annotation[]): Annotation[] => {
  const byId = new Map(list.map((a) => [a.id, a]));
  for (const a of more) byId.set(a.id, a);
  return [...byId.values()].sort((a, b) => a.at - b.at).slice(-kept);
};

export function AnnotationsProvider({ children }: { children: ReactNode }) {
  const client = useLiveClient();
  const [list, setList] = useState<Annotation[]>([]);
  useEffect(() => {
    let cancelled = false;
    const load = () =>
      apiFetch(`/api/v1/annotations?limit=${kept}`, AnnotationsResponseSchema)
        .then((r) => {
          if (!cancelled) setList((l) => merge(l, r.annotations));
        })
        // Annotations are an extra: the charts stay useful without them.
        .catch(() => {});
    void load();
    const t = setInterval(load, refreshMs);
    return () => {
      cancelled = true;
      clearInterval(t);
    };
  }, []);
  useEffect(() => client?.onAnnotation((a) => setList((l) => merge(l, [a]))), [client]);
  const add = useCallback(async (input: { text: string; kind: AnnotationKind }) => {
    const { annotation } = await apiFetch("/api/v1/annotations", AnnotationCreatedResponseSchema, {
      method: "POST",
      body: input,
    });
    setList((l) => merge(l, [annotation]));
    return annotation;
  }, []);
  const value = useMemo(() => ({ list, add }), [list, add]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export const useAnnotations = (): AnnotationsState => useContext(Ctx);

/** The annotations a chart spanning `[fromSec, toSec]` (epoch seconds, its rows' times) draws. */
export function useAnnotationsIn(fromSec: number | null, toSec: number | null): Annotation[] {
  const { list } = useAnnotations();
  return useMemo(
    () => (fromSec === null || toSec === null ? [] : annotationsIn(list, fromSec * 1000, (toSec + 1) * 1000)),
    [list, fromSec, toSec],
  );
}
