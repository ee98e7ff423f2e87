// Where the probe lives on the volunteer's machine and how to reach it again: the program,
// the systemd user unit, and the hints the CLI prints. Every hint is a command that runs
// exactly as printed (tests/integration/probe-install.test.ts runs them).
import { spawnSync } from "node:child_process";
import { homedir } from "node:os";
import { basename, join } from "node:path";
import { defaultStateDir } from "./state";

export const SERVICE_NAME = "vantage-probe.service";

/** Quoted for a POSIX shell when it needs to be. */
export function shellWord(s: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** How this program is started again: the bundle with node, or the sources through npm. */
export interface Program {
  /** The bundle's probe.mjs; null when running from the repository's sources. */
  file: string | null;
}

export function currentProgram(argv1: string | undefined = process.argv[1]): Program {
  return { file: argv1 && basename(argv1) === "probe.mjs" ? argv1 : null };
}

/** A probe command line, runnable as printed: state directory named unless it is the default. */
export function probeCommand(program: Program, stateDir: string, command: string, ...args: string[]): string {
  const base = program.file ? `node ${shellWord(program.file)}` : "npm run probe --";
  const dir = stateDir === join(homedir(), ".vantage-probe") && !process.env.VANTAGE_PROBE_DIR ? [] : ["--state-dir", shellWord(stateDir)];
  return [base, command, ...dir, ...args.map(shellWord)].join(" ");
}

export function userUnitDir(): string {
  return join(process.env.XDG_CONFIG_HOME || join(homedir(), ".config"), "systemd", "user");
}

/** The systemd user unit running `probe run` (the supervisor, which updates and rolls back). */
export function userUnit(nodePath: string, programFile: string, stateDir: string): string {
  return [
    "# Written by `probe install`; `probe uninstall` removes it.",
    "[Unit]",
    "Description=Vantage messenger reachability probe",
    "After=network-online.target",
    "",
    "[Service]",
    "Type=simple",
    `ExecStart=${shellWord(nodePath)} --max-old-space-size=128 ${shellWord(programFile)} run --state-dir ${shellWord(stateDir)}`,
    "Restart=always",
    "RestartSec=30",
    "NoNewPrivileges=yes",
    "MemoryMax=256M",
    "",
    "[Install]",
    "WantedBy=default.target",
    "",
  ].join("\n");
}

/** Whether a systemd user manager answers here (a login session with systemd). */
export function systemdUserAvailable(): boolean {
  if (process.env.VANTAGE_PROBE_NO_SYSTEMD) return false;
  const r = spawnSync("systemctl", ["--user", "show-environment"], { stdio: "ignore", timeout: 10_000 });
  return r.status === 0;
}

export function systemctl(...args: string[]): { ok: boolean; output: string } {
  const r = spawnSync("systemctl", ["--user", ...args], { encoding: "utf8", timeout: 30_000 });
  return { ok: r.status === 0, output: `${r.stdout ?? ""}${r.stderr ?? ""}`.trim() || (r.error?.message ?? "") };
}

export { defaultStateDir };
