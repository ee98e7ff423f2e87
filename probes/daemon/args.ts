// Flags of `probe enroll`, `probe daemon` and `probe status`. Pure: returns the options or
// a message naming the bad flag.
import { DAEMON_DEFAULTS, type DaemonOptions } from "./daemon";
import { resolve } from "node:path";
import { defaultStateDir } from "./state";

export const VOLUNTEER_USAGE = `usage:
  probe install --server URL --token TOKEN [--state-dir DIR]   enroll, then start (systemd user service, else foreground)
  probe run [DAEMON FLAGS] [--pin-version VERSION]            the probe in the foreground, updating itself
  probe enroll --server URL --token TOKEN [--state-dir DIR]
  probe daemon [--state-dir DIR] [--config FILE] [--spool-max-bytes N] [--daily-budget-bytes N]
               [--batch-records N] [--batch-bytes N] [--interval SECONDS] [--ids-log FILE] [--exit-after-rounds N]
               [--self-update] [--pin-version VERSION]
  probe status [--state-dir DIR]
  probe uninstall [--state-dir DIR] [--yes]
  probe version`;

/** The daemon's options a flag sets; the engine config is named by a path (`config`). */
type DaemonFlag = "stateDir" | "spoolMaxBytes" | "dailyBudgetBytes" | "batchRecords" | "batchBytes" | "intervalS" | "idsLog" | "exitAfterRounds";

export type DaemonArgs = { config: string | null; selfUpdate: boolean; pin: string | null } & Pick<DaemonOptions, DaemonFlag>;

export type VolunteerCommand =
  | { command: "enroll" | "install"; stateDir: string; server: string; token: string }
  | ({ command: "daemon" } & DaemonArgs)
  /** `daemonArgs`: the flags as given, passed on to the daemon the supervisor starts. */
  | ({ command: "run"; daemonArgs: string[] } & DaemonArgs)
  | { command: "status"; stateDir: string }
  | { command: "uninstall"; stateDir: string; yes: boolean }
  | { command: "version" };

const INT_FLAGS = {
  "--spool-max-bytes": "spoolMaxBytes",
  "--daily-budget-bytes": "dailyBudgetBytes",
  "--batch-records": "batchRecords",
  "--batch-bytes": "batchBytes",
  "--interval": "intervalS",
  "--exit-after-rounds": "exitAfterRounds",
} as const;

const DAEMON_FLAGS = ["--state-dir", "--config", "--ids-log", "--pin-version", ...Object.keys(INT_FLAGS)];

const ALLOWED: Record<VolunteerCommand["command"], string[]> = {
  enroll: ["--state-dir", "--server", "--token"],
  install: ["--state-dir", "--server", "--token"],
  daemon: [...DAEMON_FLAGS, "--self-update"],
  run: DAEMON_FLAGS,
  status: ["--state-dir"],
  uninstall: ["--state-dir", "--yes"],
  version: [],
};

/** Flags that take no value. */
const SWITCHES = new Set(["--self-update", "--yes"]);

const COMMANDS = new Set(Object.keys(ALLOWED));

/** `run --once` is the single measuring round (probes/args.ts); `run` alone is the volunteer's probe. */
export function isVolunteerCommand(command: string | undefined, argv: readonly string[] = []): command is VolunteerCommand["command"] {
  if (command === "run") return !argv.includes("--once") && !argv.includes("--help") && !argv.includes("-h");
  return command !== undefined && COMMANDS.has(command);
}

export function parseVolunteerArgs(argv: readonly string[]): { ok: true; options: VolunteerCommand } | { ok: false; error: string } {
  const [command, ...rest] = argv;
  if (!isVolunteerCommand(command, rest)) return { ok: false, error: `unknown command "${command}"` };
  const values = new Map<string, string>();
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i];
    if (!ALLOWED[command].includes(flag)) return { ok: false, error: `${command}: unknown flag "${flag}"` };
    if (SWITCHES.has(flag)) {
      values.set(flag, "");
      continue;
    }
    const v = rest[i + 1];
    if (v === undefined || v.startsWith("--")) return { ok: false, error: `${flag}: expected a value` };
    values.set(flag, v);
    i++;
  }
  if (command === "version") return { ok: true, options: { command } };
  const stateDir = resolve(values.get("--state-dir") ?? defaultStateDir());
  if (command === "status") return { ok: true, options: { command, stateDir } };
  if (command === "uninstall") return { ok: true, options: { command, stateDir, yes: values.has("--yes") } };
  if (command === "enroll" || command === "install") {
    const server = values.get("--server");
    const token = values.get("--token");
    if (!server) return { ok: false, error: "enroll: --server URL is required" };
    if (!token) return { ok: false, error: "enroll: --token TOKEN is required" };
    try {
      const u = new URL(server);
      if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error();
    } catch {
      return { ok: false, error: `--server: expected an http(s) URL, got "${server}"` };
    }
    return { ok: true, options: { command, stateDir, server, token } };
  }
  const ints: Record<string, number | null> = {
    spoolMaxBytes: DAEMON_DEFAULTS.spoolMaxBytes,
    dailyBudgetBytes: DAEMON_DEFAULTS.dailyBudgetBytes,
    batchRecords: DAEMON_DEFAULTS.batchRecords,
    batchBytes: DAEMON_DEFAULTS.batchBytes,
    intervalS: null,
    exitAfterRounds: null,
  };
  for (const [flag, key] of Object.entries(INT_FLAGS)) {
    const v = values.get(flag);
    if (v === undefined) continue;
    const n = Number(v);
    if (!Number.isInteger(n) || n <= 0) return { ok: false, error: `${flag}: expected a positive whole number, got "${v}"` };
    ints[key] = n;
  }
  const pin = values.get("--pin-version") ?? null;
  if (pin !== null && !/^\d+(\.\d+)*(-[0-9A-Za-z.]+)?$/.test(pin)) return { ok: false, error: `--pin-version: expected a version such as 0.2.0, got "${pin}"` };
  const daemon: DaemonArgs = {
      stateDir,
      selfUpdate: values.has("--self-update"),
      pin,
      // VANTAGE_PROBE_CONFIG: the engine config for a probe started by `install` or a service (labs, tests).
      config: values.get("--config") ?? (process.env.VANTAGE_PROBE_CONFIG || null),
      // VANTAGE_PROBE_IDS_LOG: the audit trail for a probe started by `install` (labs, tests).
      idsLog: values.get("--ids-log") ?? (process.env.VANTAGE_PROBE_IDS_LOG || null),
      spoolMaxBytes: ints.spoolMaxBytes!,
      dailyBudgetBytes: ints.dailyBudgetBytes!,
      batchRecords: ints.batchRecords!,
      batchBytes: ints.batchBytes!,
      intervalS: ints.intervalS,
      exitAfterRounds: ints.exitAfterRounds,
  };
  if (command === "run") {
    // The supervisor names the state directory, self-update and the pin itself.
    const daemonArgs: string[] = [];
    for (const [flag, v] of values) if (flag !== "--state-dir" && flag !== "--pin-version") daemonArgs.push(flag, v);
    return { ok: true, options: { command, ...daemon, daemonArgs } };
  }
  return { ok: true, options: { command, ...daemon } };
}
