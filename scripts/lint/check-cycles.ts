/**
 * `npm run lint` part: fails when the project's own modules import each other in a cycle
 * (type-only imports included: a cycle of types is still two concepts that cannot be read
 * apart). Reads every .ts/.tsx file outside node_modules, follows relative `import`/`export …
 * from` specifiers, and reports each cycle found (Tarjan's strongly connected components).
 */
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const skip = new Set(["node_modules", ".next", ".git", "coverage", "generated"]);

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.name.startsWith(".") || skip.has(e.name)) return [];
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return files(p);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith(".d.ts") ? [p] : [];
  });
}

const specifier =
  /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

function resolve(from: string, spec: string): string | null {
  if (!spec.startsWith(".")) return null;
  const base = path.resolve(path.dirname(from), spec);
  for (const c of [
    base,
    `${base}.ts`,
    `${base}.tsx`,
    path.join(base, "index.ts"),
    path.join(base, "index.tsx"),
  ])
    if (fs.existsSync(c) && fs.statSync(c).isFile()) return c;
  return null;
}

/**
 * The import cycles among the .ts/.tsx files under `root`: each a list of the files in one
 * strongly connected component (a file importing itself is one too), paths relative to `root`.
 */
export function findImportCycles(root: string): { files: number; cycles: string[][] } {
  const all = files(root);
  const edges = new Map<string, string[]>();
  for (const f of all) {
    const text = fs.readFileSync(f, "utf8");
    const out: string[] = [];
    for (const m of text.matchAll(specifier)) {
      const to = resolve(f, m[1] ?? m[2]!);
      if (to) out.push(to);
    }
    edges.set(f, out);
  }

  // Tarjan's algorithm, iterative enough for this tree's depth.
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const cycles: string[][] = [];
  function visit(v: string) {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (edges.get(v) ?? []).includes(v)) cycles.push(scc);
    }
  }
  for (const f of all) if (!idx.has(f)) visit(f);
  return { files: all.length, cycles: cycles.map((c) => c.map((f) => path.relative(root, f))) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { files: count, cycles } = findImportCycles(path.resolve(process.argv[2] ?? "."));
  if (cycles.length > 0) {
    for (const c of cycles) console.error(`import cycle: ${c.join(" <-> ")}`);
    console.error(`${cycles.length} import cycle(s) among ${count} files`);
    process.exit(1);
  }
  console.log(`no import cycles among ${count} files`);
}
