/** JSON API calls from the browser: same-origin cookie, errors as `Error` with the server's message. */
import type { z } from "zod";

export async function apiCall<T>(
  path: string,
  init?: { method?: string; body?: unknown; signal?: AbortSignal },
): Promise<T> {
  const r = await fetch(path, {
    method: init?.method ?? "GET",
    ...(init?.signal ? { signal: init.signal } : {}),
    credentials: "same-origin",
    headers: init?.body === undefined ? {} : { "content-type": "application/json" },
    body: init?.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (r.status === 401) throw new Error("your session expired: sign in again");
  if (!r.ok) {
    const b = (await r.json().catch(() => ({}))) as {
      error?: string;
      details?: Array<{ message: string; path?: Array<string | number> }>;
    };
    const d = b.details?.[0];
    throw new Error(
      d
        ? `${d.path?.length ? `${d.path.join(".")}: ` : ""}${d.message}`
        : (b.error ?? `request failed (${r.status})`),
    );
  }
  return (r.status === 204 ? undefined : await r.json()) as T;
}

export const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * A call whose answer is parsed with `schema`, the route's response contract (core/api/, shared
 * with the server and its OpenAPI document): typed without a cast, and a body that does not
 * match is an error here rather than a wrong number on the page.
 */
export async function apiFetch<S extends z.ZodType>(
  path: string,
  schema: S,
  init?: { method?: string; body?: unknown; signal?: AbortSignal },
): Promise<z.output<S>> {
  const parsed = schema.safeParse(await apiCall<unknown>(path, init));
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new Error(
      `unexpected answer from ${path.split("?")[0]}: ${i?.path.join(".") ?? ""} ${i?.message ?? ""}`,
    );
  }
  return parsed.data;
}
