/** `npm run build:web`: builds the dashboard now (`npm run web` would do it on start when stale). */
import { createLogger } from "../adapters/log";
import { runCommand } from "../config/cli";
import { ensureNextBuild } from "./next-app";

void runCommand(
  {
    name: "build:web",
    synopsis: "",
    description: "Builds the dashboard (Next.js) now when its sources changed; npm run web would on start.",
    flags: {},
  },
  async () => {
    const r = await ensureNextBuild({ dir: process.cwd(), logger: createLogger() });
    console.log(r.built ? `[build:web] built in ${(r.ms / 1000).toFixed(1)} s` : "[build:web] up to date");
    return 0;
  },
);
