/**
 * Annotations over the real web server: an operator adds a note or a deploy marker
 * (POST /api/v1/annotations), viewers read them for a range (GET) but may not add, a bad body is a
 * 400 naming the field, a connected dashboard's socket gets the new one at once (the `annotation`
 * event), and on a simulated February stream watched in December a new annotation is stamped on
 * the stream's clock (its newest data), as silences are, not months away on the wall clock.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLiveClient, type LiveClient } from "../app/_lib/live-client";
import { type Annotation, AnnotationsResponseSchema } from "../core/annotations/annotation";
import { frameAt } from "./support/frame-stream";
import { waitFor } from "./support/wait";
import { startTestWeb, type TestWeb } from "./support/web";

let web: TestWeb;
let operator: string;
let viewer: string;
let socket: LiveClient;
const run = Math.random().toString(36).slice(2, 8);

const post = (cookie: string, body: unknown) =>
  fetch(`${web.server.url}/api/v1/annotations`, {
    method: "POST",
    headers: { cookie, "content-type": "application/json", origin: web.server.url },
    body: JSON.stringify(body),
  });

beforeAll(async () => {
  web = await startTestWeb("annotations");
  const op = await web.createUser(`ann-op-${run}`, "operator");
  const vw = await web.createUser(`ann-viewer-${run}`, "viewer");
  operator = await web.signIn(op.username, op.password);
  viewer = await web.signIn(vw.username, vw.password);
  socket = createLiveClient({
    url: web.server.url,
    extraHeaders: { cookie: viewer },
    transports: ["websocket"],
  });
  await waitFor(() => socket.connection().state === "connected", { timeoutMs: 10_000 });
}, 60_000);

afterAll(async () => {
  socket?.close();
  await web?.close();
});

describe("annotations API", () => {
  it("an operator adds one; it is pushed to connected dashboards and listed for its range", async () => {
    const pushed: Annotation[] = [];
    const off = socket.onAnnotation((a) => pushed.push(a));
    const before = Date.now();
    const r = await post(operator, { text: `deploy claim-service v2 ${run}`, kind: "deploy" });
    expect(r.status).toBe(201);
    const { annotation } = (await r.json()) as { annotation: Annotation };
    expect(annotation).toMatchObject({ kind: "deploy", clock: "wall", createdBy: `ann-op-${run}` });
    expect(annotation.at).toBeGreaterThanOrEqual(before - 1000);
    await waitFor(() => pushed.some((a) => a.id === annotation.id), { timeoutMs: 5000 });
    off();

    const list = await fetch(
      `${web.server.url}/api/v1/annotations?from=${annotation.at - 1}&to=${new Date(annotation.at + 1).toISOString()}`,
      { headers: { cookie: viewer } },
    );
    expect(list.status).toBe(200);
    const body = AnnotationsResponseSchema.parse(await list.json());
    expect(body.annotations.map((a) => a.id)).toContain(annotation.id);
    const outside = AnnotationsResponseSchema.parse(
      await (
        await fetch(`${web.server.url}/api/v1/annotations?from=${annotation.at + 1}`, {
          headers: { cookie: viewer },
        })
      ).json(),
    );
    expect(outside.annotations.map((a) => a.id)).not.toContain(annotation.id);
  });

  it("refuses viewers, a missing text and an unknown kind, naming the field", async () => {
    expect((await post(viewer, { text: "x" })).status).toBe(403);
    const empty = await post(operator, { text: "  " });
    expect(empty.status).toBe(400);
    expect(JSON.stringify(await empty.json())).toContain("text");
    const kind = await post(operator, { text: "x", kind: "incident" });
    expect(kind.status).toBe(400);
    expect(JSON.stringify(await kind.json())).toContain("kind");
    expect((await fetch(`${web.server.url}/api/v1/annotations`)).status).toBe(401);
  });

  it("on a February stream watched in December, a new annotation is on the stream's clock", async () => {
    const streamSec = Math.floor(Date.UTC(2026, 1, 6, 2, 0, 30) / 1000);
    await web.publishFrames(
      Array.from({ length: 5 }, (_, i) => frameAt(streamSec - 4 + i, { emittedAt: Date.now() })),
    );
    await waitFor(() => web.server.hub.feed().pipeline.clock === "stream", { timeoutMs: 15_000 });
    const r = await post(operator, { text: `scaled the shops ${run}` });
    expect(r.status).toBe(201);
    const { annotation } = (await r.json()) as { annotation: Annotation };
    expect(annotation.clock).toBe("stream");
    // The stream's newest closed data, in February: not the machine's December.
    expect(Math.abs(annotation.at - streamSec * 1000)).toBeLessThanOrEqual(5000);
    expect(annotation.kind).toBe("note");
  });
});
