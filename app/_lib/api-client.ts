/** JSON API calls from the browser: same-origin cookie, errors as `Error` with the server's message. */

export async function apiCall<T>(path: string, init?: { method: string; body?: unknown }): Promise<T> {
  const r = await fetch(path, {
    method: init?.method ?? "GET",
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
