// Installing an update on disk, with real tarballs and real programs: a wrong hash, a
// program that reports another version and one that does not run are all refused with the
// running program untouched; a good one is swapped in with the old kept, and rolling back
// puts the old one back.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { installUpdate, PREVIOUS_PROGRAM, rollBack, UpdateRefused } from "../../probes/daemon/update";

const work = mkdtempSync(join(tmpdir(), "vantage-update-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A bundle whose probe.mjs answers `version` with `says` (or exits 3 when null). */
function bundle(name: string, says: string | null): { bytes: Uint8Array; sha256: string } {
  const dir = join(work, `src-${name}`);
  mkdirSync(dir);
  const body = says === null ? "process.exit(3);\n" : `if (process.argv[2] === "version") console.log(${JSON.stringify(says)});\n`;
  writeFileSync(join(dir, "probe.mjs"), `// ${name}\n${body}`);
  writeFileSync(join(dir, "README.txt"), `bundle ${name}\n`);
  const file = join(work, `${name}.tar.gz`);
  execFileSync("tar", ["-czf", file, "-C", dir, "probe.mjs", "README.txt"]);
  const bytes = new Uint8Array(readFileSync(file));
  return { bytes, sha256: createHash("sha256").update(bytes).digest("hex") };
}

describe("installing an update", () => {
  const install = join(work, "vantage-probe");
  mkdirSync(install);
  const program = join(install, "probe.mjs");
  writeFileSync(program, "// running 0.1.0\n");
  const published = (version: string, sha256: string) => ({ version, sha256, url: `/api/v1/probes/bundle?sha256=${sha256}` });

  it("refuses a wrong hash, a program that says another version, and one that does not run", () => {
    const good = bundle("good", "0.2.0");
    expect(() => installUpdate(good.bytes, published("0.2.0", "0".repeat(64)), program)).toThrow(UpdateRefused);
    expect(() => installUpdate(good.bytes, published("0.2.0", "0".repeat(64)), program)).toThrow(`the download's SHA-256 is ${good.sha256}, the server published ${"0".repeat(64)}`);
    const liar = bundle("liar", "0.9.9");
    expect(() => installUpdate(liar.bytes, published("0.2.0", liar.sha256), program)).toThrow("the new program says it is 0.9.9, the server published 0.2.0");
    const broken = bundle("broken", null);
    expect(() => installUpdate(broken.bytes, published("0.2.0", broken.sha256), program)).toThrow(/^the new program does not run/);
    expect(readFileSync(program, "utf8")).toBe("// running 0.1.0\n");
    expect(existsSync(join(install, PREVIOUS_PROGRAM))).toBe(false);
    expect(existsSync(join(install, ".update"))).toBe(false);
  });

  it("swaps a good one in, keeps the old one, and rolls back to it", () => {
    const good = bundle("good2", "0.2.0");
    installUpdate(good.bytes, published("0.2.0", good.sha256), program);
    expect(readFileSync(program, "utf8")).toContain("// good2");
    expect(readFileSync(join(install, PREVIOUS_PROGRAM), "utf8")).toBe("// running 0.1.0\n");
    expect(readFileSync(join(install, "README.txt"), "utf8")).toBe("bundle good2\n");
    expect(execFileSync(process.execPath, [program, "version"], { encoding: "utf8" }).trim()).toBe("0.2.0");
    expect(rollBack(program)).toBe(true);
    expect(readFileSync(program, "utf8")).toBe("// running 0.1.0\n");
    expect(readFileSync(`${program}.failed`, "utf8")).toContain("// good2");
    expect(rollBack(program)).toBe(false);
  });
});
