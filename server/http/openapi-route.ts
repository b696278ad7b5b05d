/** `GET /api/openapi.json`: the API's OpenAPI 3.1 document (server/http/openapi.ts), built once. */
import { buildOpenApiDocument } from "./openapi";
import { type Route, route } from "./route";

/** @param routes the server's routes, this one included (read at the first request) */
export function openApiRoute(routes: () => readonly Route[]): Route {
  let doc: unknown = null;
  return route("GET", "/api/openapi.json", { access: "public", summary: "This document" }, async () => {
    doc ??= buildOpenApiDocument(routes());
    return { body: doc };
  });
}
