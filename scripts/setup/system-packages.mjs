// Plain Node, no dependencies. The Debian packages the tests drive, and how set-up gets them:
// as root with apt-get (one `apt-get update` first), otherwise it stops with one line naming
// the packages to install. Each is found by a file it puts on the machine.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const onPath = (cmd) =>
  (process.env.PATH ?? "").split(path.delimiter).some((dir) => dir && fs.existsSync(path.join(dir, cmd)));

/**
 * What the tests need. `optional`: a missing one is said, not fatal (the CJK font only makes
 * the Chinese names legible in saved screenshots).
 */
export const testPackages = [
  {
    pkg: "chromium",
    why: "the browser tests (playwright-core drives Debian's chromium)",
    present: () => fs.existsSync(process.env.CHROMIUM_PATH || "/usr/bin/chromium"),
  },
  {
    pkg: "kcat",
    why: "the codec tests (librdkafka writes the compressed batches)",
    present: () => onPath("kcat"),
  },
  {
    pkg: "prometheus",
    why: "promtool check metrics on the dashboard's /metrics",
    // Its recommends bring exporters (more daemons); promtool is in the package itself.
    noRecommends: true,
    present: () => onPath("promtool"),
  },
  {
    pkg: "prometheus-alertmanager",
    why: "amtool, driven against the server's Alertmanager API",
    // Its recommends and its daemon are not needed: amtool is in the package itself.
    noRecommends: true,
    present: () => onPath("amtool"),
  },
  {
    pkg: "fonts-wqy-zenhei",
    why: "legible Chinese names in the browser tests' screenshots",
    optional: true,
    present: () => fs.existsSync("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
  },
];

function apt(args) {
  return spawnSync("apt-get", args, {
    stdio: ["ignore", "ignore", "inherit"],
    // No questions; and no daemon started from a package's scripts (prometheus ships one):
    // RUNLEVEL=1 makes invoke-rc.d leave services alone.
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive", RUNLEVEL: "1" },
  }).status;
}

/** Installs what is missing of `packages` (as root), or exits 1 with one line naming them. */
export function ensureSystemPackages(packages, { quiet = false } = {}) {
  const missing = packages.filter((p) => !p.present());
  if (missing.length === 0) {
    if (!quiet) console.log("[setup] system packages present");
    return;
  }
  const required = missing.filter((p) => !p.optional);
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (!isRoot) {
    for (const p of missing.filter((m) => m.optional))
      console.log(`[setup] optional: Debian package ${p.pkg} (${p.why}) is not installed`);
    if (required.length === 0) return;
    console.error(
      `[setup] the tests need the Debian package${required.length > 1 ? "s" : ""} ${required.map((p) => p.pkg).join(" ")}: ` +
        `install ${required.length > 1 ? "them" : "it"} (sudo apt-get install ${required.map((p) => p.pkg).join(" ")}) or run as root`,
    );
    process.exit(1);
  }
  console.log(`[setup] installing ${missing.map((p) => p.pkg).join(", ")} (apt-get)...`);
  if (apt(["update", "-qq"]) !== 0) {
    console.error("[setup] apt-get update failed");
    process.exit(1);
  }
  for (const p of missing) {
    const status = apt([
      "install",
      "-y",
      "-qq",
      ...(p.noRecommends ? ["--no-install-recommends"] : []),
      p.pkg,
    ]);
    if (status === 0 && p.present()) continue;
    if (p.optional) console.log(`[setup] optional: could not install ${p.pkg} (${p.why})`);
    else {
      console.error(`[setup] could not install the Debian package ${p.pkg} (needed by ${p.why})`);
      process.exit(1);
    }
  }
}
