// Builds the site when .next is missing or older than any source file, one build at a time.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { pidAlive } from "../../lib/store/lock";

const SOURCE_DIRS = ["app", "components", "lib", "public", "prisma"];
const SOURCE_FILES = ["next.config.ts", "instrumentation.ts", "package.json", "tsconfig.json"];

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

const BUILD_LOCK = path.join(".data", "next-build.lock");

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Runs `fn` holding a lock file, so two processes in one checkout (two e2e test files, two
 * `npm start`s) never run `next build` into the same .next at once. A lock whose holder
 * died is taken over.
 */
function withBuildLock(fn: () => void, log: (line: string) => void): void {
  fs.mkdirSync(path.dirname(BUILD_LOCK), { recursive: true });
  let waited = false;
  for (;;) {
    try {
      fs.writeFileSync(BUILD_LOCK, String(process.pid), { flag: "wx" });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      let holder: number;
      try {
        holder = Number(fs.readFileSync(BUILD_LOCK, "utf8").trim());
      } catch {
        continue; // released in between
      }
      if (holder > 0 && !pidAlive(holder)) {
        fs.rmSync(BUILD_LOCK, { force: true });
        continue;
      }
      if (!waited) log(`waiting for the build of process ${holder || "?"}...`);
      waited = true;
      sleepSync(500);
    }
  }
  try {
    fn();
  } finally {
    fs.rmSync(BUILD_LOCK, { force: true });
  }
}

/** Runs `npm run build` unless the build is current; throws when the build fails. */
export function buildIfNeeded(log: (line: string) => void = (l) => console.error(l)): void {
  if (buildIsCurrent()) return;
  withBuildLock(() => {
    if (buildIsCurrent()) return; // built by whoever held the lock
    log("building the site (next build)...");
    const result = spawnSync("npm", ["run", "build", "--silent"], { stdio: "inherit" });
    if (result.status !== 0) throw new Error("the build failed; see the output above");
  }, log);
}
