/**
 * `npm test`'s set-up of the Debian packages the tests drive (scripts/setup/system-packages.mjs):
 * not root and a package missing, it stops with one line naming the package and installs
 * nothing. (As root it installs them with apt-get; that path ran on this machine, which had
 * none of chromium, kcat and prometheus: see the issue 18 report.)
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

const isRoot = process.getuid?.() === 0;

describe("set-up of the tests' system packages", () => {
  it.skipIf(!isRoot)("as another user with chromium missing: one line naming the package, exit 1", () => {
    const r = spawnSync(
      "su",
      [
        "nobody",
        "-s",
        "/bin/sh",
        "-c",
        "CHROMIUM_PATH=/nonexistent/chromium node scripts/setup/ensure-deps.mjs --test",
      ],
      { encoding: "utf8", cwd: process.cwd() },
    );
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toEqual([
      "[setup] the tests need the Debian package chromium: install it (sudo apt-get install chromium) or run as root",
    ]);
  });

  it("with everything there: says so and goes on", () => {
    const r = spawnSync(process.execPath, ["scripts/setup/ensure-deps.mjs", "--test"], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    // npm test's own set-up ran before the suite: nothing is missing now.
    expect(r.stdout).toMatch(/^\[setup\] system packages present$/m);
    expect(r.stderr).not.toMatch(/need the Debian package/);
  });
});
