import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { findImportCycles } from "./check-cycles";

const trees: string[] = [];
/** A fixture tree in a fresh temporary folder: relative path → file text. */
function tree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "lw-cycles-"));
  trees.push(root);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return root;
}
afterEach(() => {
  for (const t of trees.splice(0)) fs.rmSync(t, { recursive: true, force: true });
});

const script = path.join(import.meta.dirname, "check-cycles.ts");
const tsx = path.join(import.meta.dirname, "..", "..", "node_modules", ".bin", "tsx");
const run = (root: string) => spawnSync(tsx, [script, root], { encoding: "utf8" });

describe("check-cycles", () => {
  const acyclic = {
    "core/a.ts": 'import { b } from "./b";\nexport const a = b;\n',
    "core/b.ts": 'import { c } from "../lib/c";\nexport const b = c;\n',
    "lib/c.ts": 'import fs from "node:fs";\nexport const c = fs;\n',
    "lib/index.ts": 'export { c } from "./c";\n',
    "app/page.tsx": 'import { c } from "../lib";\nexport default c;\n',
  };

  it("passes a tree without a cycle (package imports and a folder's index followed)", () => {
    const root = tree(acyclic);
    expect(findImportCycles(root)).toEqual({ files: 5, cycles: [] });
    const r = run(root);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("no import cycles among 5 files");
  });

  it("fails a tree with a cycle, naming its files, also when one edge is a type import", () => {
    const root = tree({
      ...acyclic,
      "lib/c.ts": 'import type { A } from "../core/a";\nexport const c: A | null = null;\n',
    });
    const { cycles } = findImportCycles(root);
    expect(cycles).toHaveLength(1);
    expect([...cycles[0]!].sort()).toEqual(["core/a.ts", "core/b.ts", "lib/c.ts"]);
    const r = run(root);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/import cycle: .*core\/a\.ts/);
    expect(r.stderr).toContain("1 import cycle(s) among 5 files");
  });

  it("counts a file importing itself and a dynamic import(), and skips node_modules", () => {
    const root = tree({
      "self.ts": 'export * from "./self";\n',
      "x.ts": 'export const load = () => import("./y");\n',
      "y.ts": 'import { load } from "./x";\nexport const y = load;\n',
      "node_modules/p/a.ts": 'import "./b";\nexport * from "./a";\n',
    });
    const cycles = findImportCycles(root).cycles.map((c) => [...c].sort());
    expect(cycles).toContainEqual(["self.ts"]);
    expect(cycles).toContainEqual(["x.ts", "y.ts"]);
    expect(cycles).toHaveLength(2);
  });
});
