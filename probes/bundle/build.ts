// `npm run probe:bundle`: builds the probe into one self-contained ES module (no Next.js,
// Prisma or browser stack; only Node.js 20 needed) and packs it with the systemd unit into
// the tarball the server offers at GET /api/v1/probes/bundle.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const BUNDLE_FILE = join(root, ".data", "bundle", "vantage-probe.tar.gz");

/** Modules the probe must never pull in; the build fails if one shows up. */
const FORBIDDEN = [/^next\b/, /^@prisma\//, /^prisma\b/, /^react\b/, /^react-dom\b/, /^@electric-sql\//, /^pg\b/, /^playwright/];

export async function buildBundle(out = BUNDLE_FILE): Promise<{ file: string; bytes: number }> {
  // esbuild arrives with tsx (a dev dependency): the bundle is built where the source is.
  const esbuild = await import("esbuild");
  const stage = join(dirname(out), "stage");
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
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
  execFileSync("tar", ["-czf", out, "-C", stage, "probe.mjs", "vantage-probe.service", "README.txt"]);
  rmSync(stage, { recursive: true, force: true });
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
