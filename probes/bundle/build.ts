// `npm run probe:bundle`: builds the probe into one self-contained ES module (no Next.js,
// Prisma or browser stack; only Node.js 20 needed) and packs it with the systemd unit into
// the tarball the server offers at GET /api/v1/probes/bundle.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { newestMtime } from "../../scripts/lib/build";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const BUNDLE_FILE = join(root, ".data", "bundle", "vantage-probe.tar.gz");

/** Modules the probe must never pull in; the build fails if one shows up. */
const FORBIDDEN = [/^next\b/, /^@prisma\//, /^prisma\b/, /^react\b/, /^react-dom\b/, /^@electric-sql\//, /^pg\b/, /^playwright/];

/** What the bundle is made of: a change to any of these makes a built bundle stale. */
const BUNDLE_SOURCES = ["probes", "lib", "deploy/vantage-probe.service", "package.json"].map((p) => join(root, p));

export function bundleIsCurrent(out = BUNDLE_FILE): boolean {
  return existsSync(out) && statSync(out).mtimeMs >= newestMtime(BUNDLE_SOURCES);
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

export async function buildBundle(out = BUNDLE_FILE): Promise<{ file: string; bytes: number }> {
  // esbuild arrives with tsx (a dependency): the bundle is built where the source is.
  const esbuild = await import("esbuild");
  // A stage and a tarball of this build's own, renamed into place: two servers starting at
  // once never serve each other's half-written file.
  mkdirSync(dirname(out), { recursive: true });
  const stage = mkdtempSync(join(dirname(out), "stage-"));
  const tmp = `${out}.${process.pid}.tmp`;
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
        "  node probe.mjs daemon                              # or install vantage-probe.service\n" +
        "  node probe.mjs status\n",
    );
    execFileSync("tar", ["-czf", tmp, "-C", stage, "probe.mjs", "vantage-probe.service", "README.txt"]);
    renameSync(tmp, out);
  } finally {
    rmSync(stage, { recursive: true, force: true });
    rmSync(tmp, { force: true });
  }
  return { file: out, bytes: statSync(out).size };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildBundle().then(
    ({ file, bytes }) => console.log(`wrote ${file} (${bytes} bytes)`),
    (e) => {
      console.error(`error: ${(e as Error).message}`);
      process.exit(1);
    },
  );
}
