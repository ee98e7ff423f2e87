// `probe install`: enroll, then start the probe for good: as a systemd user service where a
// user manager answers, in the foreground (`probe run`) otherwise; either way it says where
// the state and the log are and prints the commands to look after it, each runnable as
// printed. `probe uninstall`: stops the probe and removes the service, the program and the
// state, after asking.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { enroll } from "../enroll";
import { logFile, runPidFile } from "./run";
import { currentProgram, probeCommand, SERVICE_NAME, systemctl, systemdUserAvailable, userUnit, userUnitDir } from "./service";
import { Spool } from "./spool";
import { PREVIOUS_PROGRAM } from "./update";

export interface InstallResult {
  /** "systemd": the service runs; "foreground": the caller runs `probe run` now. */
  mode: "systemd" | "foreground";
}

export async function install(o: { server: string; token: string; stateDir: string }, write: (text: string) => void): Promise<InstallResult> {
  const { probeId, file } = await enroll(o);
  const program = currentProgram();
  const cmd = (c: string, ...a: string[]) => probeCommand(program, o.stateDir, c, ...a);
  write(`enrolled as probe ${probeId}; credential saved in ${file} (mode 0600)\n`);
  write(`state: ${o.stateDir} (credential, spool of measurements not yet uploaded, status)\n`);
  if (program.file && systemdUserAvailable()) {
    mkdirSync(userUnitDir(), { recursive: true });
    writeFileSync(join(userUnitDir(), SERVICE_NAME), userUnit(process.execPath, program.file, o.stateDir));
    const reload = systemctl("daemon-reload");
    const start = reload.ok ? systemctl("enable", "--now", SERVICE_NAME) : reload;
    if (start.ok) {
      write(
        `started as the systemd user service ${SERVICE_NAME}; it starts again at boot once lingering is on\n` +
          `log: journalctl --user -u ${SERVICE_NAME} (also ${logFile(o.stateDir)})\n` +
          `\nNext, any time:\n` +
          `  $ ${cmd("status")}\n` +
          `  $ journalctl --user -u ${SERVICE_NAME} -n 50\n` +
          `  $ loginctl enable-linger\n` +
          `  $ systemctl --user stop ${SERVICE_NAME}\n` +
          `  $ ${cmd("uninstall")}\n`,
      );
      return { mode: "systemd" };
    }
    write(`systemd did not start the service (${start.output}); running in the foreground instead\n`);
  } else {
    write("systemd is not available here: the probe runs in the foreground in this terminal (Ctrl-C stops it)\n");
  }
  write(
    `log: this terminal, and ${logFile(o.stateDir)}\n` +
      `\nFrom another terminal:\n` +
      `  $ ${cmd("status")}\n` +
      `  $ tail -n 50 ${logFile(o.stateDir)}\n` +
      `To start it again after a stop:\n` +
      `  $ ${cmd("run")}\n` +
      `  $ ${cmd("uninstall")}\n\n`,
  );
  return { mode: "foreground" };
}

/** Asks on the terminal; anything but y/yes (including no terminal at all) is no. */
async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await new Promise<string>((resolve) => {
    rl.question(question, resolve);
    rl.once("close", () => resolve(""));
  });
  rl.close();
  return /^y(es)?$/i.test(answer.trim());
}

export async function uninstall(o: { stateDir: string; yes: boolean }, write: (text: string) => void): Promise<number> {
  const program = currentProgram();
  const unit = join(userUnitDir(), SERVICE_NAME);
  const spool = new Spool(o.stateDir, { maxBytes: Number.MAX_SAFE_INTEGER });
  const waiting = existsSync(o.stateDir) ? (spool.open(), spool.count) : 0;
  const what = [
    existsSync(unit) ? `the systemd user service (${unit})` : null,
    program.file ? `the program in ${dirname(program.file)}` : null,
    existsSync(o.stateDir) ? `the state in ${o.stateDir} (the credential${waiting > 0 ? `, and ${waiting} measurement(s) not yet uploaded` : ""})` : null,
  ].filter(Boolean);
  if (what.length === 0) {
    write(`nothing to remove: no service, no program and no state in ${o.stateDir}\n`);
    return 0;
  }
  write(`This removes ${what.join(", ")}.\n`);
  if (!o.yes && !(await confirm("Remove them? [y/N] "))) {
    write("nothing removed\n");
    return 0;
  }
  if (existsSync(unit)) {
    systemctl("disable", "--now", SERVICE_NAME);
    rmSync(unit, { force: true });
    systemctl("daemon-reload");
  }
  // A foreground probe stops when its state goes; tell it first so it does not recreate files.
  stopForeground(o.stateDir);
  rmSync(o.stateDir, { recursive: true, force: true });
  if (program.file) {
    const dir = dirname(program.file);
    for (const f of ["probe.mjs", PREVIOUS_PROGRAM, "probe.mjs.failed", "vantage-probe.service", "README.txt"]) rmSync(join(dir, f), { force: true });
    if (existsSync(dir) && readdirSync(dir).length === 0) rmdirSync(dir);
  }
  write(`removed ${what.join(", ")}. The probe stays listed on the site until you remove it on its page.\n`);
  return 0;
}

function stopForeground(stateDir: string): void {
  try {
    const pid = Number(readFileSync(runPidFile(stateDir), "utf8"));
    // Only a process that is still a probe's `run` (the pid may have been reused since).
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
    if (Number.isInteger(pid) && pid > 1 && pid !== process.pid && cmdline.includes("run") && cmdline.some((a) => a.endsWith("probe.mjs"))) process.kill(pid, "SIGTERM");
  } catch {
    // Not running, or not ours to stop.
  }
}
