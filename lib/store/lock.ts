// PGlite allows one process per data directory; a second one would damage it. The owner
// writes its pid into a lock file; anyone else who finds a live pid there stops with a
// clear message instead of opening the directory.
import fs from "node:fs";
import path from "node:path";

export class StoreBusyError extends Error {
  override name = "StoreBusyError";
}

/** Whether a process with this pid exists (EPERM: it does, owned by another user). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Takes the directory's lock or throws StoreBusyError; returns the release function. */
export function lockDataDir(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, "vantage.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: "wx" });
      return () => {
        try {
          if (fs.readFileSync(file, "utf8") === String(process.pid)) fs.unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number(fs.readFileSync(file, "utf8").trim());
      if (Number.isInteger(holder) && holder > 0 && (holder === process.pid || pidAlive(holder))) {
        throw new StoreBusyError(
          `the embedded store in ${dataDir} is in use by process ${holder}: stop the server or set DATABASE_URL`,
        );
      }
      fs.rmSync(file, { force: true }); // stale lock from a process that is gone
    }
  }
  throw new StoreBusyError(`could not lock ${dataDir}: stop the server or set DATABASE_URL`);
}
