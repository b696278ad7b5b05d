/** `npm run build:web`: builds the dashboard now (`npm run web` would do it on start when stale). */
import { createLogger } from "../adapters/log";
import { describeError } from "../core/errors";
import { ensureNextBuild } from "./next-app";

ensureNextBuild({ dir: process.cwd(), logger: createLogger() }).then(
  (r) =>
    console.log(r.built ? `[build:web] built in ${(r.ms / 1000).toFixed(1)} s` : "[build:web] up to date"),
  (err) => {
    console.error(`[build:web] ${describeError(err)}`);
    process.exit(1);
  },
);
