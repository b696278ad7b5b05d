/**
 * The OpenAPI 3.1 document of the JSON API, generated from the routes themselves: their paths,
 * methods, who may call, and the Zod schemas of their query, body and (where declared) response,
 * turned into JSON Schema 2020-12 by `z.toJSONSchema`. Served at `GET /api/openapi.json`; a route
 * added to the server is in it by construction (tests/openapi.test.ts checks both lists agree).
 */
import { z } from "zod";
import type { Route } from "./route";

type JsonSchema = Record<string, unknown>;

const schemaOf = (s: z.ZodType, io: "input" | "output"): JsonSchema => {
  const { $schema: _, ...rest } = z.toJSONSchema(s, { io, unrepresentable: "any" }) as JsonSchema;
  return rest;
};

/** `/api/v1/shops/:id` -> `/api/v1/shops/{id}` and its path parameters. */
function openApiPath(pattern: string): { path: string; params: string[] } {
  const params: string[] = [];
  const path = pattern
    .split("/")
    .map((seg) => {
      if (!seg.startsWith(":")) return seg;
      params.push(seg.slice(1));
      return `{${seg.slice(1)}}`;
    })
    .join("/");
  return { path, params };
}

function queryParameters(s: z.ZodType): JsonSchema[] {
  const json = schemaOf(s, "input");
  const props = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required as string[] | undefined) ?? []);
  return Object.entries(props).map(([name, schema]) => ({
    name,
    in: "query",
    required: required.has(name),
    // Repeatable parameters (`?filter=a&filter=b`) arrive as arrays.
    ...(JSON.stringify(schema).includes('"array"') ? { explode: true } : {}),
    schema,
  }));
}

const errorBody = {
  type: "object",
  properties: { error: { type: "string" }, details: {} },
  required: ["error"],
};

/** Builds the document for `routes` (the server's list). */
export function buildOpenApiDocument(
  routes: ReadonlyArray<Route>,
  { title = "Launchwatch API", version = "1" }: { title?: string; version?: string } = {},
): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const r of routes) {
    const { path, params } = openApiPath(r.pattern);
    const success = r.responseSchema
      ? { content: { "application/json": { schema: schemaOf(r.responseSchema, "output") } } }
      : {};
    const op: JsonSchema = {
      operationId: `${r.method.toLowerCase()}${path.replace(/[{}]/g, "").replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ""))}`,
      ...(r.summary ? { summary: r.summary } : {}),
      "x-launchwatch-access": r.access,
      ...(r.access === "public" ? { security: [] } : {}),
      parameters: [
        ...params.map((name) => ({ name, in: "path", required: true, schema: { type: "string" } })),
        ...(r.querySchema ? queryParameters(r.querySchema) : []),
      ],
      ...(r.bodySchema
        ? {
            requestBody: {
              required: true,
              content: { "application/json": { schema: schemaOf(r.bodySchema, "input") } },
            },
          }
        : {}),
      responses: {
        [r.pattern.startsWith("/api/v2/") ? "200" : "2XX"]: {
          description: "success",
          ...success,
        },
        "400": { description: "invalid input", content: { "application/json": { schema: errorBody } } },
        ...(r.access === "public"
          ? {}
          : {
              "401": { description: "no valid session or API token" },
              "403": { description: `needs the ${r.access} role` },
            }),
      },
    };
    paths[path] ??= {};
    paths[path][r.method.toLowerCase()] = op;
  }
  return {
    openapi: "3.1.0",
    info: {
      title,
      version,
      description:
        "Launchwatch's JSON API (docs/DASHBOARD.md) and its Alertmanager API v2 (docs/ALERTING.md).",
    },
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    components: {
      securitySchemes: {
        apiToken: {
          type: "http",
          scheme: "bearer",
          description: "An API token (lwt_...), see docs/SECURITY.md",
        },
        session: { type: "apiKey", in: "cookie", name: "lw_session" },
      },
    },
    security: [{ apiToken: [] }, { session: [] }],
    paths,
  };
}
