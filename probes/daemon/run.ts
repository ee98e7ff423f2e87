// `probe run`: the probe in the foreground (and under systemd, which runs the same): a small
// supervisor that starts `probe daemon` as a child, copies its log to the terminal and to
// STATE/probe.log, starts it again after it installed an update (exit 75), and rolls an
// update back when the new version exits before it heard the server.
import { spawn } from "node:child_process";
import { appendFileSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { EXIT_UPDATED, readUpdateState, rollBack, writeUpdateState } from "./update";

export const LOG_FILE = "probe.log";
const LOG_MAX_BYTES = 4 * 1024 * 1024;

export function logFile(stateDir: string): string {
  return join(stateDir, LOG_FILE);
}

/** The running supervisor's pid, for `probe uninstall` to stop it. */
export function runPidFile(stateDir: string): string {
  return join(stateDir, "run.pid");
}

export interface RunOptions {
  stateDir: string;
  programFile: string;
  /** Arguments for `probe daemon` (flags the volunteer gave `run`). */
  daemonArgs: string[];
  pin: string | null;
  write: (text: string) => void;
  signal: AbortSignal;
}

/** Appends to the log file, keeping one previous file once it passes 4 MiB. */
function appendLog(file: string, text: string): void {
  try {
    if (statSync(file).size > LOG_MAX_BYTES) renameSync(file, `${file}.1`);
  } catch {
    // No log yet.
  }
  appendFileSync(file, text, { mode: 0o600 });
}

export async function runSupervised(o: RunOptions): Promise<number> {
  mkdirSync(o.stateDir, { recursive: true, mode: 0o700 });
  writeFileSync(runPidFile(o.stateDir), `${process.pid}\n`, { mode: 0o600 });
  try {
    return await supervise(o);
  } finally {
    rmSync(runPidFile(o.stateDir), { force: true });
  }
}

async function supervise(o: RunOptions): Promise<number> {
  const log = logFile(o.stateDir);
  const say = (line: string) => {
    const text = `${new Date().toISOString()} run: ${line}\n`;
    o.write(text);
    appendLog(log, text);
  };
  let failures = 0;
  while (!o.signal.aborted) {
    const args = [o.programFile, "daemon", "--state-dir", o.stateDir, "--self-update", ...(o.pin ? ["--pin-version", o.pin] : []), ...o.daemonArgs];
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    const copy = (chunk: Buffer) => {
      o.write(chunk.toString());
      appendLog(log, chunk.toString());
    };
    child.stdout.on("data", copy);
    child.stderr.on("data", copy);
    const stop = () => child.kill("SIGTERM");
    o.signal.addEventListener("abort", stop, { once: true });
    const code = await new Promise<number>((resolve) => child.once("exit", (c, sig) => resolve(c ?? (sig ? 128 : 1))));
    o.signal.removeEventListener("abort", stop);
    if (o.signal.aborted) break;
    if (code === EXIT_UPDATED) {
      say("a new version was installed; starting it");
      failures = 0;
      continue;
    }
    const pending = readUpdateState(o.stateDir).pending;
    if (code !== 0 && pending) {
      // The new version died before it heard the server: put the old one back and refuse the new.
      const saved = readUpdateState(o.stateDir);
      const restored = rollBack(o.programFile);
      writeUpdateState(o.stateDir, { pending: null, refused: { ...saved.refused, [pending.sha256]: `exited ${code} at its first start` } });
      say(restored ? `version ${pending.to} exited ${code} before it heard the server; rolled back to ${pending.from}` : `version ${pending.to} exited ${code}; nothing to roll back to`);
      continue;
    }
    if (code === 0) return 0;
    failures++;
    const wait = Math.min(60_000, 1000 * 2 ** Math.min(6, failures));
    say(`the daemon exited ${code}; starting it again in ${wait / 1000} s`);
    await new Promise((r) => setTimeout(r, wait));
  }
  return 0;
}
