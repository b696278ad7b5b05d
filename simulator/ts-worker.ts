/**
 * Starts a worker thread running a TypeScript module. Node 20 does not apply tsx's loader to
 * worker threads, so the thread boots from a one-line script that imports the module through
 * tsx's API (resolved from this package, not the working directory).
 */
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";

const require = createRequire(import.meta.url);

/** Starts `moduleUrl` (a .ts file URL) in a worker thread with `workerData`. */
export function startTsWorker(moduleUrl: URL, workerData: unknown): Worker {
  const tsxApi = pathToFileURL(
    path.join(path.dirname(require.resolve("tsx/package.json")), "dist", "esm", "api", "index.mjs"),
  ).href;
  const target = JSON.stringify(moduleUrl.href);
  const boot = `import(${JSON.stringify(tsxApi)}).then(({ tsImport }) => tsImport(${target}, ${target}));`;
  return new Worker(boot, { eval: true, workerData });
}
