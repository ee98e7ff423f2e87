// The volunteer commands behind `probe enroll | daemon | status`; probes/cli.ts dispatches here.
import { existsSync, readFileSync } from "node:fs";
import { ConfigError, loadProbeConfig } from "../config";
import { enroll } from "../enroll";
import { parseVolunteerArgs, VOLUNTEER_USAGE } from "./args";
import { runDaemon, statusFile, type DaemonStatus } from "./daemon";
import { Spool } from "./spool";
import { readState, StateError } from "./state";

export { isVolunteerCommand } from "./args";

const log = (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`);

export async function runVolunteerCommand(argv: readonly string[]): Promise<number> {
  const parsed = parseVolunteerArgs(argv);
  if (!parsed.ok) {
    process.stderr.write(`error: ${parsed.error}\n${VOLUNTEER_USAGE}\n`);
    return 2;
  }
  const o = parsed.options;
  try {
    if (o.command === "enroll") {
      const { probeId, file } = await enroll(o);
      process.stdout.write(`enrolled as probe ${probeId}; credential saved in ${file} (mode 0600). Start it with: probe daemon --state-dir ${o.stateDir}\n`);
      return 0;
    }
    if (o.command === "status") return status(o.stateDir);
    const engineConfig = loadProbeConfig(o.config);
    const controller = new AbortController();
    for (const sig of ["SIGTERM", "SIGINT"] as const) process.once(sig, () => controller.abort());
    await runDaemon({ ...o, engineConfig, log, signal: controller.signal });
    return 0;
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

function status(stateDir: string): number {
  const state = readState(stateDir);
  const lines = [`probe ${state.probe_id} enrolled at ${state.server} on ${state.enrolled_at}`];
  const file = statusFile(stateDir);
  if (existsSync(file)) {
    const s = JSON.parse(readFileSync(file, "utf8")) as DaemonStatus;
    lines.push(
      `daemon pid ${s.pid}, last update ${s.updated_at}; probe is ${s.probe_status ?? "unknown"} on the server`,
      `rounds ${s.rounds}; last round ${s.last_round_at ?? "never"}; last upload ${s.last_upload_at ?? "never"}`,
      `data spent today ${s.data_spent_today} bytes`,
    );
    if (s.last_error) lines.push(`last error: ${s.last_error}`);
  } else {
    lines.push("the daemon has not run yet");
  }
  const spool = new Spool(stateDir, { maxBytes: Number.MAX_SAFE_INTEGER });
  spool.open();
  lines.push(`spool: ${spool.count} measurement(s) waiting, ${spool.bytes} bytes`);
  if (spool.quarantined > 0) lines.push(`quarantine: ${spool.quarantined} measurement(s) the server refused for good, kept in ${spool.rejectedFile}`);
  process.stdout.write(lines.join("\n") + "\n");
  return 0;
}
