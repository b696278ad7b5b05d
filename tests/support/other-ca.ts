/** A CA of nobody's: its PEM, for tests that must see a broker certificate refused. */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export function makeUnrelatedCa(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lw-other-ca-"));
  const r = spawnSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-keyout",
      "ca.key",
      "-out",
      "ca.pem",
      "-days",
      "2",
    ].concat(["-subj", "/CN=Not the broker's CA"]),
    { cwd: dir, encoding: "utf8" },
  );
  if (r.status !== 0) throw new Error(`openssl failed: ${r.stderr}`);
  return path.join(dir, "ca.pem");
}
