// Self-update: the server publishes the probe version it serves (in the probe's config);
// a supervised daemon (`probe run`) that is older downloads the bundle, checks its SHA-256
// against the published one, unpacks it beside itself, asks the new program its version,
// and only then swaps it in, keeping the old program as probe.mjs.previous. The daemon then
// exits with EXIT_UPDATED and the supervisor starts the new one; a new version that exits
// before it has heard the server is rolled back by the supervisor (probes/daemon/run.ts).
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { compareVersions } from "../../lib/volunteers/bundle-manifest";
import type { PublishedSoftware } from "../../lib/volunteers/requests";

/** The daemon's exit status after installing a new version: "start me again". */
export const EXIT_UPDATED = 75;

export const PROGRAM = "probe.mjs";
export const PREVIOUS_PROGRAM = "probe.mjs.previous";

/** What the state directory remembers about updates (update.json). */
export interface UpdateState {
  /** The last update installed and whether its first start heard the server. */
  pending: { from: string; to: string; sha256: string; at: string } | null;
  /** Published hashes refused, with why: not fetched again until the server publishes another. */
  refused: Record<string, string>;
}

export function updateFile(stateDir: string): string {
  return join(stateDir, "update.json");
}

export function readUpdateState(stateDir: string): UpdateState {
  try {
    const s = JSON.parse(readFileSync(updateFile(stateDir), "utf8")) as Partial<UpdateState>;
    return { pending: s.pending ?? null, refused: s.refused ?? {} };
  } catch {
    return { pending: null, refused: {} };
  }
}

export function writeUpdateState(stateDir: string, state: UpdateState): void {
  const file = updateFile(stateDir);
  writeFileSync(`${file}.tmp`, JSON.stringify(state, null, 2) + "\n", { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

export type UpdateDecision = { update: false; why: string } | { update: true; to: PublishedSoftware };

/** Whether to update from `current` to what the server publishes. Pure. */
export function decideUpdate(current: string, published: PublishedSoftware | null | undefined, pin: string | null, refused: Record<string, string>): UpdateDecision {
  if (!published) return { update: false, why: "the server publishes no probe version" };
  if (pin !== null) {
    // A pinned probe runs exactly that version: it moves only towards the pin.
    if (current === pin) return { update: false, why: `pinned to ${pin}` };
    if (published.version !== pin) return { update: false, why: `pinned to ${pin}; the server publishes ${published.version}` };
  } else if (compareVersions(published.version, current) <= 0) {
    return { update: false, why: `${current} is current` };
  }
  if (refused[published.sha256]) return { update: false, why: `${published.version} was refused: ${refused[published.sha256]}` };
  return { update: true, to: published };
}

export class UpdateRefused extends Error {
  override name = "UpdateRefused";
}

/**
 * Installs `bundle` (the downloaded tarball) as the program at `programFile` if its SHA-256
 * is the published one and the unpacked program reports the published version. Throws
 * UpdateRefused, leaving the running program untouched, otherwise.
 */
export function installUpdate(bundle: Uint8Array, to: PublishedSoftware, programFile: string): void {
  const actual = createHash("sha256").update(bundle).digest("hex");
  if (actual !== to.sha256) throw new UpdateRefused(`the download's SHA-256 is ${actual}, the server published ${to.sha256}`);
  const dir = dirname(programFile);
  const stage = join(dir, ".update");
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  try {
    writeFileSync(join(stage, "bundle.tar.gz"), bundle);
    execFileSync("tar", ["-xzf", join(stage, "bundle.tar.gz"), "-C", stage], { stdio: "ignore" });
    const fresh = join(stage, PROGRAM);
    if (!existsSync(fresh)) throw new UpdateRefused(`the bundle has no ${PROGRAM}`);
    let reported: string;
    try {
      reported = execFileSync(process.execPath, [fresh, "version"], { encoding: "utf8", timeout: 30_000, stdio: ["ignore", "pipe", "ignore"] }).trim();
    } catch (e) {
      throw new UpdateRefused(`the new program does not run: ${(e as Error).message.split("\n")[0]}`);
    }
    if (reported !== to.version) throw new UpdateRefused(`the new program says it is ${reported || "(nothing)"}, the server published ${to.version}`);
    // Keep the running program to roll back to, then move the new one (and its unit) in.
    copyFileSync(programFile, join(dir, PREVIOUS_PROGRAM));
    for (const extra of ["vantage-probe.service", "README.txt"]) {
      if (existsSync(join(stage, extra))) renameSync(join(stage, extra), join(dir, extra));
    }
    renameSync(fresh, programFile);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

/**
 * Puts probe.mjs.previous back after a new version failed to start; returns whether there
 * was one. The failed program is kept as probe.mjs.failed for a report.
 */
export function rollBack(programFile: string): boolean {
  const previous = join(dirname(programFile), PREVIOUS_PROGRAM);
  if (!existsSync(previous)) return false;
  if (existsSync(programFile)) renameSync(programFile, `${programFile}.failed`);
  renameSync(previous, programFile);
  return true;
}
