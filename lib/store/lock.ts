// PGlite allows one process per data directory; a second one would damage it. The owner
// writes its pid and its start time (from /proc, in clock ticks since boot, with the boot
// id) into a lock file; anyone else who finds that same process still running there stops
// with a clear message instead of opening the directory. The start time is what tells a
// holder from an unrelated process that reuses its pid after a kill -9 (or a reboot): a
// lock naming a pid whose current start time differs is stale. Where /proc is missing the
// pid alone decides.
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

/** When process `pid` started, as "<boot id>:<ticks since boot>"; null without /proc or the process. */
export function processStartTime(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name, which may itself hold spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = fields[19]; // field 22 of proc(5): starttime
    if (!ticks || !/^\d+$/.test(ticks)) return null;
    let boot = "";
    try {
      boot = fs.readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
    } catch {
      /* no boot id: ticks alone */
    }
    return `${boot}:${ticks}`;
  } catch {
    return null;
  }
}

/** The lock file's text for this process: "<pid> <start time>" (or the pid alone without /proc). */
export function lockText(pid: number = process.pid): string {
  const started = processStartTime(pid);
  return started ? `${pid} ${started}` : String(pid);
}

/** Whether the lock file's text names a process that is still running (the same one, not a reuse of its pid). */
export function lockHolderAlive(text: string): { pid: number; alive: boolean } | null {
  const [pidText, started] = text.trim().split(/\s+/);
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  if (!pidAlive(pid)) return { pid, alive: false };
  if (started === undefined) return { pid, alive: true }; // an old lock: the pid is all there is
  const now = processStartTime(pid);
  return { pid, alive: now === null || now === started };
}

/** Takes the directory's lock or throws StoreBusyError; returns the release function. */
export function lockDataDir(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, "vantage.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const mine = lockText();
      fs.writeFileSync(file, mine, { flag: "wx" });
      return () => {
        try {
          if (fs.readFileSync(file, "utf8") === mine) fs.unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = lockHolderAlive(fs.readFileSync(file, "utf8"));
      if (holder?.alive) {
        throw new StoreBusyError(
          `the embedded store in ${dataDir} is in use by process ${holder.pid}: stop the server or set DATABASE_URL`,
        );
      }
      fs.rmSync(file, { force: true }); // stale lock from a process that is gone (or whose pid was reused)
    }
  }
  throw new StoreBusyError(`could not lock ${dataDir}: stop the server or set DATABASE_URL`);
}
