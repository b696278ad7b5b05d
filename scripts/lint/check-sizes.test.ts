import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { findOversized, longFunctions } from "./check-sizes";

const trees: string[] = [];
function tree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "lw-sizes-"));
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

const script = path.join(import.meta.dirname, "check-sizes.ts");
const tsx = path.join(import.meta.dirname, "..", "..", "node_modules", ".bin", "tsx");
const run = (root: string) => spawnSync(tsx, [script, root], { encoding: "utf8" });

/** A function of exactly `n` lines (its first and last line included). */
const fn = (name: string, n: number) => `export function ${name}() {\n${"  let x = 1;\n".repeat(n - 2)}}\n`;

describe("check-sizes", () => {
  it("counts a function's whole span, nested closures included, and names arrows by their variable", () => {
    const inner = "    const y = 2;\n".repeat(118);
    const text = `export const make = () => {\n  const inner = () => {\n${inner}  };\n  return inner;\n};\n`;
    const found = longFunctions("a.ts", text);
    expect(found).toEqual([{ kind: "function", file: "a.ts", name: "make", line: 1, lines: 123 }]);
    expect(longFunctions("b.ts", fn("ok", 120))).toEqual([]);
    expect(longFunctions("c.ts", fn("long", 121))).toMatchObject([{ name: "long", lines: 121 }]);
  });

  it("passes a tree inside the limits and skips tests, benchmarks and generated code", () => {
    const root = tree({
      "core/a.ts": fn("a", 100),
      "core/a.test.ts": fn("t", 400),
      "tests/b.ts": fn("b", 400),
      "bench/c.ts": fn("c", 400),
      "core/generated/d.ts": fn("d", 400),
    });
    expect(findOversized(root)).toEqual({ files: 1, findings: [] });
    const r = run(root);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("among 1 files");
  });

  it("fails a long file and a long function, naming both", () => {
    const root = tree({
      "core/big.ts": `${fn("one", 100)}${fn("two", 100)}${fn("three", 110)}`,
      "app/view.tsx": fn("View", 130),
    });
    const { findings } = findOversized(root);
    expect(findings).toEqual([
      { kind: "file", file: "core/big.ts", lines: 310 },
      { kind: "function", file: "app/view.tsx", name: "View", line: 1, lines: 130 },
    ]);
    const r = run(root);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("file over 300 lines: core/big.ts (310)");
    expect(r.stderr).toContain("function over 120 lines: app/view.tsx:1 View (130)");
  });
});
