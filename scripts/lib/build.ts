// Builds the site when .next is missing or older than any source file.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const SOURCE_DIRS = ["app", "components", "lib", "public", "prisma"];
const SOURCE_FILES = ["next.config.ts", "package.json", "tsconfig.json"];

/** Newest modification time of any file under `paths` (generated code skipped). */
export function newestMtime(paths: readonly string[]): number {
  let newest = 0;
  const visit = (p: string) => {
    if (!fs.existsSync(p)) return;
    const st = fs.statSync(p);
    if (st.isDirectory()) {
      if (p.endsWith(path.join("lib", "generated"))) return;
      for (const e of fs.readdirSync(p)) visit(path.join(p, e));
    } else newest = Math.max(newest, st.mtimeMs);
  };
  paths.forEach(visit);
  return newest;
}

export function buildIsCurrent(): boolean {
  const buildId = path.join(".next", "BUILD_ID");
  return fs.existsSync(buildId) && fs.statSync(buildId).mtimeMs >= newestMtime([...SOURCE_DIRS, ...SOURCE_FILES]);
}

/** Runs `npm run build` unless the build is current; throws when the build fails. */
export function buildIfNeeded(log: (line: string) => void = (l) => console.error(l)): void {
  if (buildIsCurrent()) return;
  log("building the site (next build)...");
  const result = spawnSync("npm", ["run", "build", "--silent"], { stdio: "inherit" });
  if (result.status !== 0) throw new Error("the build failed; see the output above");
}
