/**
 * One component in headless Chromium without the Next.js build: a TSX entry that renders it into
 * `#root`, bundled with esbuild into a temporary folder with an index.html to open as a file.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { build } from "esbuild";

/** The page's file:// URL and a `remove()` for the folder. */
export async function bundleComponentPage(
  entry: string,
  name: string,
): Promise<{ url: string; remove(): void }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `lw-${name}-`));
  await build({
    stdin: { contents: entry, loader: "tsx", resolveDir: process.cwd(), sourcefile: `${name}-entry.tsx` },
    bundle: true,
    jsx: "automatic",
    outfile: path.join(dir, `${name}.js`),
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "warning",
  });
  fs.writeFileSync(
    path.join(dir, "index.html"),
    `<html><body><div id="root"></div><script src="${name}.js"></script></body></html>`,
  );
  return {
    url: `file://${path.join(dir, "index.html")}`,
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
