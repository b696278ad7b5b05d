/**
 * The local broker's TLS material, made with openssl at first start and kept: a CA of its own
 * (`ca.pem`, what clients trust: KAFKA_SSL_CA_FILE) and a broker certificate for 127.0.0.1 and
 * localhost signed by it, in a PKCS12 keystore with a random password. Also the password of
 * the local SCRAM user. Nothing here leaves the stack folder.
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { LaunchwatchError } from "../../core/errors";

export interface LocalKafkaTls {
  /** PEM of the local CA. */
  caFile: string;
  keystoreFile: string;
  keystorePassword: string;
}

function openssl(args: string[], cwd: string): void {
  const r = spawnSync("openssl", args, { cwd, encoding: "utf8" });
  if (r.error || r.status !== 0)
    throw new LaunchwatchError(
      `openssl ${args[0]} failed while making the local broker's certificates ` +
        `(is openssl installed? apt-get install openssl): ${r.error?.message ?? r.stderr}`,
    );
}

/** A secret kept in `file` (mode 0600), made once. */
export function ensureSecret(file: string): string {
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, randomBytes(18).toString("base64url"), { mode: 0o600 });
  }
  return fs.readFileSync(file, "utf8").trim();
}

/** The CA, broker certificate and keystore in `dir`, made now if missing. */
export function ensureLocalKafkaTls(dir: string): LocalKafkaTls {
  const caFile = path.join(dir, "ca.pem");
  const keystoreFile = path.join(dir, "broker.p12");
  const keystorePassword = ensureSecret(path.join(dir, "keystore-password"));
  if (fs.existsSync(caFile) && fs.existsSync(keystoreFile)) return { caFile, keystoreFile, keystorePassword };
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const days = "3650";
  openssl(
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-keyout",
      "ca.key",
      "-out",
      "ca.pem.tmp",
      "-days",
      days,
      "-subj",
      "/CN=Launchwatch local Kafka CA",
      "-addext",
      "basicConstraints=critical,CA:TRUE",
      "-addext",
      "keyUsage=critical,keyCertSign,cRLSign",
    ],
    dir,
  );
  openssl(
    [
      "req",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-keyout",
      "broker.key",
      "-out",
      "broker.csr",
      "-subj",
      "/CN=localhost",
    ],
    dir,
  );
  fs.writeFileSync(
    path.join(dir, "broker.ext"),
    "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n" +
      "subjectAltName=IP:127.0.0.1,DNS:localhost\n",
  );
  openssl(
    [
      "x509",
      "-req",
      "-in",
      "broker.csr",
      "-CA",
      "ca.pem.tmp",
      "-CAkey",
      "ca.key",
      "-CAcreateserial",
      "-out",
      "broker.pem",
      "-days",
      days,
      "-extfile",
      "broker.ext",
    ],
    dir,
  );
  openssl(
    [
      "pkcs12",
      "-export",
      "-in",
      "broker.pem",
      "-inkey",
      "broker.key",
      "-certfile",
      "ca.pem.tmp",
      "-name",
      "broker",
      "-out",
      "broker.p12",
      "-passout",
      `pass:${keystorePassword}`,
    ],
    dir,
  );
  for (const f of ["broker.csr", "broker.ext", "ca.pem.srl"]) fs.rmSync(path.join(dir, f), { force: true });
  // Last, so an interrupted run makes everything again next time.
  fs.renameSync(path.join(dir, "ca.pem.tmp"), caFile);
  return { caFile, keystoreFile, keystorePassword };
}
