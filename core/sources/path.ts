/**
 * JSON paths of a source mapping: `$` then any of `.name`, `[index]` or `["any key"]`, e.g.
 * `$.order.lines[0].price`. Parsed once when the mapping is loaded; read per record.
 */

export type PathSegment = string | number;

/** Parses a path; returns the reason as a string when the syntax is not one of the above. */
export function parsePath(text: string): PathSegment[] | string {
  if (!text.startsWith("$")) return `unknown path syntax "${text}": a path starts with $`;
  const out: PathSegment[] = [];
  let i = 1;
  while (i < text.length) {
    const rest = text.slice(i);
    const name = /^\.([A-Za-z_][A-Za-z0-9_-]*)/.exec(rest);
    const index = name ? null : /^\[(\d{1,9})\]/.exec(rest);
    const quoted = name || index ? null : /^\["((?:[^"\\]|\\.)*)"\]/.exec(rest);
    const m = name ?? index ?? quoted;
    if (!m) return `unknown path syntax "${text}" at character ${i + 1} ("${rest}")`;
    out.push(name ? m[1]! : index ? Number(m[1]) : (JSON.parse(`"${m[1]}"`) as string));
    i += m[0]!.length;
  }
  return out;
}

/**
 * The value at `path` in `root` (as JSON.parse gives it), or undefined when any step is missing.
 * Own properties only: `$.constructor` of `{}` is missing, not Object.
 */
export function readPath(root: unknown, path: readonly PathSegment[]): unknown {
  let v = root;
  for (const seg of path) {
    if (v === null || typeof v !== "object") return undefined;
    if (typeof seg === "number") {
      if (!Array.isArray(v)) return undefined;
      v = v[seg];
    } else {
      if (Array.isArray(v) || !Object.hasOwn(v, seg)) return undefined;
      v = (v as Record<string, unknown>)[seg];
    }
  }
  return v;
}
