// Lab certificates, made at test time with the openssl CLI: a lab CA the probe trusts
// (through its extra_ca_file setting) with one leaf for every name the lab serves, and a
// second, untrusted CA whose leaf stands in for an intercepting middlebox.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface LabCerts {
  dir: string;
  /** PEM of the trusted lab CA (the file the probe config names). */
  caFile: string;
  key: string;
  cert: string;
  /** A leaf for the same names from a CA nobody trusts. */
  rogueKey: string;
  rogueCert: string;
}

function openssl(args: string[], cwd: string): void {
  execFileSync("openssl", args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
}

function makeCa(dir: string, name: string): void {
  openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2", "-subj", `/CN=${name}`,
    "-keyout", `${name}.key`, "-out", `${name}.crt`, "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"], dir);
}

function makeLeaf(dir: string, ca: string, leaf: string, names: readonly string[]): void {
  openssl(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj", `/CN=${names[0]}`, "-keyout", `${leaf}.key`, "-out", `${leaf}.csr`], dir);
  writeFileSync(join(dir, `${leaf}.ext`), `subjectAltName=${names.map((n) => `DNS:${n}`).join(",")}\nextendedKeyUsage=serverAuth\n`);
  openssl(["x509", "-req", "-in", `${leaf}.csr`, "-CA", `${ca}.crt`, "-CAkey", `${ca}.key`, "-CAcreateserial", "-days", "2", "-extfile", `${leaf}.ext`, "-out", `${leaf}.crt`], dir);
}

export function makeLabCerts(names: readonly string[]): LabCerts {
  const dir = mkdtempSync(join(tmpdir(), "vantage-lab-certs-"));
  makeCa(dir, "lab-ca");
  makeCa(dir, "rogue-ca");
  makeLeaf(dir, "lab-ca", "leaf", names);
  makeLeaf(dir, "rogue-ca", "rogue", names);
  const read = (f: string) => readFileSync(join(dir, f), "utf8");
  return { dir, caFile: join(dir, "lab-ca.crt"), key: read("leaf.key"), cert: read("leaf.crt"), rogueKey: read("rogue.key"), rogueCert: read("rogue.crt") };
}
