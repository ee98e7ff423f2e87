// The volunteer commands behind `probe install | run | enroll | daemon | status | uninstall |
// version`; probes/cli.ts dispatches here.
import { existsSync, readFileSync } from "node:fs";
import { ConfigError, loadProbeConfig } from "../config";
import { enroll } from "../enroll";
import { PROBE_SOFTWARE } from "../round";
import { parseVolunteerArgs, VOLUNTEER_USAGE, type DaemonArgs } from "./args";
import { runDaemon, statusFile, type DaemonStatus } from "./daemon";
import { install, uninstall } from "./install";
import { logFile, runSupervised } from "./run";
import { currentProgram, probeCommand } from "./service";
import { Spool } from "./spool";
import { readState, StateError } from "./state";
import { EXIT_UPDATED, readUpdateState } from "./update";

export { isVolunteerCommand } from "./args";

const log = (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`);
const write = (text: string) => process.stdout.write(text);

/** Aborted by SIGTERM or SIGINT (Ctrl-C). */
function stopSignal(): AbortSignal {
  const controller = new AbortController();
  for (const sig of ["SIGTERM", "SIGINT"] as const) process.once(sig, () => controller.abort());
  return controller.signal;
}

export async function runVolunteerCommand(argv: readonly string[]): Promise<number> {
  const parsed = parseVolunteerArgs(argv);
  if (!parsed.ok) {
    process.stderr.write(`error: ${parsed.error}\n${VOLUNTEER_USAGE}\n`);
    return 2;
  }
  const o = parsed.options;
  try {
    switch (o.command) {
      case "version":
        write(`${PROBE_SOFTWARE.version}\n`);
        return 0;
      case "enroll": {
        const { probeId, file } = await enroll(o);
        write(`enrolled as probe ${probeId}; credential saved in ${file} (mode 0600). Start it with:\n  $ ${probeCommand(currentProgram(), o.stateDir, "run")}\n`);
        return 0;
      }
      case "install": {
        const { mode } = await install(o, write);
        return mode === "foreground" ? await foreground(o.stateDir, [], null) : 0;
      }
      case "run":
        return await foreground(o.stateDir, o.daemonArgs, o.pin);
      case "status":
        return status(o.stateDir);
      case "uninstall":
        return await uninstall(o, write);
      case "daemon":
        return await daemon(o);
    }
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(e.issues.map((i) => `error: ${i}\n`).join(""));
      return 2;
    }
    if (e instanceof StateError) {
      process.stderr.write(`error: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

async function daemon(o: DaemonArgs): Promise<number> {
  const engineConfig = loadProbeConfig(o.config);
  const program = currentProgram();
  if (o.selfUpdate && !program.file) log("self-update: running from the sources, not a bundle; not updating");
  const selfUpdate = o.selfUpdate && program.file ? { programFile: program.file, pin: o.pin } : null;
  const { updated } = await runDaemon({ ...o, engineConfig, log, signal: stopSignal(), selfUpdate });
  return updated ? EXIT_UPDATED : 0;
}

/** `probe run`: the bundle under its supervisor; from the sources, the daemon in this process. */
async function foreground(stateDir: string, daemonArgs: string[], pin: string | null): Promise<number> {
  readState(stateDir); // enrolled? say so now, not from inside the child
  const program = currentProgram();
  if (!program.file) {
    const parsed = parseVolunteerArgs(["daemon", "--state-dir", stateDir, ...daemonArgs]);
    if (!parsed.ok || parsed.options.command !== "daemon") throw new Error(parsed.ok ? "unexpected command" : parsed.error);
    return daemon(parsed.options);
  }
  return runSupervised({ stateDir, programFile: program.file, daemonArgs, pin, write, signal: stopSignal() });
}

function status(stateDir: string): number {
  const state = readState(stateDir);
  const lines = [`probe ${state.probe_id} enrolled at ${state.server} on ${state.enrolled_at}`];
  const file = statusFile(stateDir);
  if (existsSync(file)) {
    const s = JSON.parse(readFileSync(file, "utf8")) as Partial<DaemonStatus>;
    lines.push(
      `state: ${s.probe_status ?? "unknown"} on the server; daemon pid ${s.pid}, version ${s.software_version ?? "unknown"}, last update ${s.updated_at}`,
      `last round: ${s.last_round_at ?? "never"} (${s.rounds ?? 0} round(s) since the daemon started); last upload: ${s.last_upload_at ?? "never"}`,
      `next round: ${s.next_round_at ?? "none scheduled"}`,
      `data spent today: ${s.data_spent_today ?? 0} bytes`,
    );
    if (s.update) lines.push(`self-update: ${s.update}`);
    if (s.last_error) lines.push(`last error: ${s.last_error}`);
  } else {
    lines.push("the daemon has not run yet");
  }
  const pending = readUpdateState(stateDir).pending;
  if (pending) lines.push(`update to ${pending.to} installed ${pending.at}, not yet confirmed by a start`);
  const spool = new Spool(stateDir, { maxBytes: Number.MAX_SAFE_INTEGER });
  spool.open();
  lines.push(`backlog: ${spool.count} measurement(s) waiting in the spool, ${spool.bytes} bytes`);
  lines.push(`log: ${logFile(stateDir)}`);
  write(lines.join("\n") + "\n");
  return 0;
}
