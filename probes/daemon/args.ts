// Flags of `probe enroll`, `probe daemon` and `probe status`. Pure: returns the options or
// a message naming the bad flag.
import { DAEMON_DEFAULTS, type DaemonOptions } from "./daemon";
import { defaultStateDir } from "./state";

export const VOLUNTEER_USAGE = `usage:
  probe enroll --server URL --token TOKEN [--state-dir DIR]
  probe daemon [--state-dir DIR] [--config FILE] [--spool-max-bytes N] [--daily-budget-bytes N]
               [--batch-records N] [--batch-bytes N] [--interval SECONDS] [--ids-log FILE] [--exit-after-rounds N]
  probe status [--state-dir DIR]`;

/** The daemon's options a flag sets; the engine config is named by a path (`config`). */
type DaemonFlag = "stateDir" | "spoolMaxBytes" | "dailyBudgetBytes" | "batchRecords" | "batchBytes" | "intervalS" | "idsLog" | "exitAfterRounds";

export type VolunteerCommand =
  | { command: "enroll"; stateDir: string; server: string; token: string }
  | ({ command: "daemon"; config: string | null } & Pick<DaemonOptions, DaemonFlag>)
  | { command: "status"; stateDir: string };

const INT_FLAGS = {
  "--spool-max-bytes": "spoolMaxBytes",
  "--daily-budget-bytes": "dailyBudgetBytes",
  "--batch-records": "batchRecords",
  "--batch-bytes": "batchBytes",
  "--interval": "intervalS",
  "--exit-after-rounds": "exitAfterRounds",
} as const;

const ALLOWED: Record<VolunteerCommand["command"], string[]> = {
  enroll: ["--state-dir", "--server", "--token"],
  daemon: ["--state-dir", "--config", "--ids-log", ...Object.keys(INT_FLAGS)],
  status: ["--state-dir"],
};

export function isVolunteerCommand(command: string | undefined): command is VolunteerCommand["command"] {
  return command === "enroll" || command === "daemon" || command === "status";
}

export function parseVolunteerArgs(argv: readonly string[]): { ok: true; options: VolunteerCommand } | { ok: false; error: string } {
  const [command, ...rest] = argv;
  if (!isVolunteerCommand(command)) return { ok: false, error: `unknown command "${command}"` };
  const values = new Map<string, string>();
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i];
    if (!ALLOWED[command].includes(flag)) return { ok: false, error: `${command}: unknown flag "${flag}"` };
    const v = rest[i + 1];
    if (v === undefined || v.startsWith("--")) return { ok: false, error: `${flag}: expected a value` };
    values.set(flag, v);
    i++;
  }
  const stateDir = values.get("--state-dir") ?? defaultStateDir();
  if (command === "status") return { ok: true, options: { command, stateDir } };
  if (command === "enroll") {
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
  return {
    ok: true,
    options: {
      command,
      stateDir,
      config: values.get("--config") ?? null,
      idsLog: values.get("--ids-log") ?? null,
      spoolMaxBytes: ints.spoolMaxBytes!,
      dailyBudgetBytes: ints.dailyBudgetBytes!,
      batchRecords: ints.batchRecords!,
      batchBytes: ints.batchBytes!,
      intervalS: ints.intervalS,
      exitAfterRounds: ints.exitAfterRounds,
    },
  };
}
