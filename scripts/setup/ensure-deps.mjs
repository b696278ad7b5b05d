#!/usr/bin/env node
// Plain Node, no dependencies: runs before anything is installed. Installs node_modules when
// missing or older than package-lock.json, and generates the Prisma client (npm 11 does not run
// install scripts unless approved, and Prisma's would try to download engines anyway). With
// --test, also the Debian packages the tests drive (see system-packages.mjs).
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { ensureSystemPackages, testPackages } from "./system-packages.mjs";

const usage = "usage: npm run setup -- [--quiet] [--test]";
let flags;
try {
  flags = parseArgs({
    options: { quiet: { type: "boolean" }, test: { type: "boolean" }, help: { type: "boolean", short: "h" } },
  }).values;
} catch (err) {
  console.error(
    `[setup] ${String(err.message).replace(/\.\s.*$/s, ".")}\n${usage}\n(npm run setup -- --help for more)`,
  );
  process.exit(2);
}
if (flags.help) {
  console.log(`${usage}

Installs the npm dependencies when node_modules is missing or older than package-lock.json and
generates the Prisma client. npm test, stack, demo and bench run it first.

Options:
  --quiet     say nothing when everything is up to date
  --test      also the system packages the tests use: ${testPackages.map((p) => p.pkg).join(", ")}
              (installed with apt-get when running as root, else named in one line)
  -h, --help  this help

Environment:
  DATABASE_URL  only to let prisma generate resolve the schema's URL (nothing connects)`);
  process.exit(0);
}
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..", "..");
const quiet = flags.quiet === true;
if (flags.test) ensureSystemPackages(testPackages, { quiet });
const stampFile = path.join(root, "node_modules", ".launchwatch-deps");
const hash = (file) =>
  createHash("sha256")
    .update(fs.readFileSync(path.join(root, file)))
    .digest("hex");
const wanted = `${hash("package-lock.json")} ${hash("prisma/schema.prisma")}`;
const current = fs.existsSync(stampFile) ? fs.readFileSync(stampFile, "utf8") : "";

// Prisma 6 looks for native engines to download unless the schema's datasource URL resolves;
// generating never connects, so any well-formed URL will do.
const env = {
  ...process.env,
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
  DATABASE_URL: process.env.DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/launchwatch",
};

function run(cmd, args) {
  const r = spawnSync(cmd, args, {
    cwd: root,
    stdio: "inherit",
    env,
  });
  if (r.status !== 0) {
    console.error(`[setup] '${cmd} ${args.join(" ")}' failed with exit code ${r.status}`);
    process.exit(r.status ?? 1);
  }
}

if (current === wanted && fs.existsSync(path.join(root, "node_modules", ".prisma", "client", "index.js"))) {
  if (!quiet) console.log("[setup] dependencies up to date");
  process.exit(0);
}
const [lockHash] = current.split(" ");
if (!fs.existsSync(path.join(root, "node_modules"))) {
  // A fresh clone: exactly the lock (it holds every platform's optional binaries, so npm ci
  // takes it and leaves it unchanged).
  console.log("[setup] installing dependencies (npm ci)...");
  run("npm", ["ci", "--no-audit", "--no-fund"]);
} else if (lockHash !== hash("package-lock.json")) {
  console.log("[setup] installing dependencies (npm install)...");
  run("npm", ["install", "--no-audit", "--no-fund"]);
}
console.log("[setup] generating the Prisma client...");
run(process.execPath, [path.join(root, "node_modules", "prisma", "build", "index.js"), "generate"]);
fs.writeFileSync(stampFile, wanted);
