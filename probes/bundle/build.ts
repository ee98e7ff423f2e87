// `npm run probe:bundle`: builds the probe into one self-contained ES module (no Next.js,
// Prisma or browser stack; only Node.js 20 needed) and packs it with the systemd unit into
// the tarball the server offers at GET /api/v1/probes/bundle.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { newestMtime } from "../../scripts/lib/build";
import { manifestFileOf, type BundleManifest } from "../../lib/volunteers/bundle-manifest";
import { PROBE_SOFTWARE } from "../round";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const BUNDLE_FILE = join(root, ".data", "bundle", "vantage-probe.tar.gz");

/** Modules the probe must never pull in; the build fails if one shows up. */
const FORBIDDEN = [/^next\b/, /^@prisma\//, /^prisma\b/, /^react\b/, /^react-dom\b/, /^@electric-sql\//, /^pg\b/, /^playwright/];

/** What the bundle is made of: a change to any of these makes a built bundle stale. */
const BUNDLE_SOURCES = ["probes", "lib", "deploy/vantage-probe.service", "package.json"].map((p) => join(root, p));

export function bundleIsCurrent(out = BUNDLE_FILE): boolean {
  return existsSync(out) && existsSync(manifestFileOf(out)) && statSync(out).mtimeMs >= newestMtime(BUNDLE_SOURCES);
}

/**
 * Builds the bundle unless it is current (`npm start` does this, so the install command
 * the server hands out always finds a bundle that matches the server's code).
 */
export async function buildBundleIfNeeded(out = BUNDLE_FILE): Promise<{ file: string; built: boolean }> {
  if (bundleIsCurrent(out)) return { file: out, built: false };
  await buildBundle(out);
  return { file: out, built: true };
}

/**
 * Builds the tarball and its manifest (`<out>.json`: version and SHA-256, which the server
 * publishes). `version` stamps another version in (tests publish "newer" bundles).
 */
export async function buildBundle(out = BUNDLE_FILE, options: { version?: string } = {}): Promise<{ file: string; bytes: number; manifest: BundleManifest }> {
  const version = options.version ?? PROBE_SOFTWARE.version;
  // esbuild arrives with tsx (a dependency): the bundle is built where the source is.
  const esbuild = await import("esbuild");
  // A stage and a tarball of this build's own, renamed into place: two servers starting at
  // once never serve each other's half-written file.
  mkdirSync(dirname(out), { recursive: true });
  const stage = mkdtempSync(join(dirname(out), "stage-"));
  const tmp = `${out}.${process.pid}.tmp`;
  let manifest: BundleManifest | undefined;
  try {
    const result = await esbuild.build({
      entryPoints: [join(root, "probes/cli.ts")],
      outfile: join(stage, "probe.mjs"),
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      minify: false,
      metafile: true,
      legalComments: "inline",
      define: { __VANTAGE_PROBE_VERSION__: JSON.stringify(version) },
      // CommonJS dependencies call require() for Node built-ins.
      banner: { js: `#!/usr/bin/env node\nimport { createRequire as __vantageRequire } from "node:module";\nconst require = __vantageRequire(import.meta.url);` },
      logLevel: "warning",
    });
    const inputs = Object.keys(result.metafile.inputs);
    const bad = inputs.filter((i) => FORBIDDEN.some((f) => f.test(i.replace(/^node_modules\//, ""))) && i.startsWith("node_modules/"));
    if (bad.length > 0) throw new Error(`the probe bundle must not include ${bad.join(", ")}`);
    copyFileSync(join(root, "deploy/vantage-probe.service"), join(stage, "vantage-probe.service"));
    writeFileSync(
      join(stage, "README.txt"),
      "Vantage probe. Needs Node.js 20 or later.\n" +
        "  node probe.mjs enroll --server URL --token TOKEN   # once\n" +
        "  node probe.mjs install --server URL --token TOKEN  # enroll and start (systemd user service, or foreground)\n" +
        "  node probe.mjs run                                 # run in the foreground, updating itself\n" +
        "  node probe.mjs status\n" +
        "  node probe.mjs uninstall\n",
    );
    execFileSync("tar", ["-czf", tmp, "-C", stage, "probe.mjs", "vantage-probe.service", "README.txt"]);
    manifest = { version, sha256: createHash("sha256").update(readFileSync(tmp)).digest("hex"), built_at: new Date().toISOString() };
    // The tarball first, then the manifest naming it: a probe that reads the old manifest in
    // between is refused the new tarball by its hash and tries again at its next check.
    renameSync(tmp, out);
    writeFileSync(`${tmp}.json`, JSON.stringify(manifest, null, 2) + "\n");
    renameSync(`${tmp}.json`, manifestFileOf(out));
  } finally {
    rmSync(stage, { recursive: true, force: true });
    rmSync(tmp, { force: true });
    rmSync(`${tmp}.json`, { force: true });
  }
  return { file: out, bytes: statSync(out).size, manifest: manifest! };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildBundle().then(
    ({ file, bytes, manifest }) => console.log(`wrote ${file} (${bytes} bytes, version ${manifest.version}, sha256 ${manifest.sha256})`),
    (e) => {
      console.error(`error: ${(e as Error).message}`);
      process.exit(1);
    },
  );
}
