/**
 * `npm run lint` part: fails when a non-test source file is over the file limit or a function
 * in one is over the function limit. A function's length is its whole span, nested closures
 * included (as ESLint's max-lines-per-function counts): a factory that holds five jobs in one
 * closure is one long function however its inner parts are named.
 *
 * Tests, benchmarks, generated code and migrations are outside the limits: they are read a
 * case at a time, not as one unit.
 */
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";

export const MAX_FILE_LINES = 300;
export const MAX_FUNCTION_LINES = 120;

const skipDirs = new Set(["node_modules", ".next", ".git", "coverage", "generated", "tests", "bench"]);

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.name.startsWith(".") || skipDirs.has(e.name)) return [];
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    if (!/\.tsx?$/.test(e.name) || e.name.endsWith(".d.ts")) return [];
    return /\.test\.tsx?$/.test(e.name) ? [] : [p];
  });
}

export type SizeFinding =
  | { kind: "file"; file: string; lines: number }
  | { kind: "function"; file: string; name: string; line: number; lines: number };

function nameOf(node: ts.Node, sf: ts.SourceFile): string {
  const named = node as ts.Node & { name?: ts.Node };
  if (named.name) return named.name.getText(sf);
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent)) return parent.name.getText(sf);
  if (parent && ts.isPropertyAssignment(parent)) return parent.name.getText(sf);
  if (parent && ts.isCallExpression(parent)) return `${parent.expression.getText(sf).slice(0, 40)}(…)`;
  return "(anonymous)";
}

/** The functions of one source text over `maxLines` lines, outermost and nested alike. */
export function longFunctions(
  file: string,
  text: string,
  maxLines = MAX_FUNCTION_LINES,
): Extract<SizeFinding, { kind: "function" }>[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: Extract<SizeFinding, { kind: "function" }>[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && (node as ts.FunctionLikeDeclaration).body) {
      const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
      const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = end - start + 1;
      if (lines > maxLines)
        found.push({ kind: "function", file, name: nameOf(node, sf), line: start + 1, lines });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** Every file and function under `root` over its limit, largest first. */
export function findOversized(root: string): { files: number; findings: SizeFinding[] } {
  const all = sourceFiles(root);
  const findings: SizeFinding[] = [];
  for (const f of all) {
    const text = fs.readFileSync(f, "utf8");
    const rel = path.relative(root, f);
    const lines = text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
    if (lines > MAX_FILE_LINES) findings.push({ kind: "file", file: rel, lines });
    findings.push(...longFunctions(rel, text));
  }
  findings.sort((a, b) => b.lines - a.lines);
  return { files: all.length, findings };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { files, findings } = findOversized(path.resolve(process.argv[2] ?? "."));
  if (findings.length > 0) {
    for (const f of findings)
      console.error(
        f.kind === "file"
          ? `file over ${MAX_FILE_LINES} lines: ${f.file} (${f.lines})`
          : `function over ${MAX_FUNCTION_LINES} lines: ${f.file}:${f.line} ${f.name} (${f.lines})`,
      );
    console.error(`${findings.length} over the limits among ${files} files`);
    process.exit(1);
  }
  console.log(
    `no file over ${MAX_FILE_LINES} lines, no function over ${MAX_FUNCTION_LINES}, among ${files} files`,
  );
}
