// The probe's state file: which server it belongs to and its credential. Readable only by
// its owner (mode 0600 in a 0700 directory), written atomically.
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync, chmodSync } from "node:fs";
import { join } from "node:path";
import { homedir } from "node:os";
import { z } from "zod";

export const stateSchema = z.strictObject({
  server: z.url({ protocol: /^https?$/ }),
  probe_id: z.string().min(1),
  credential: z.string().min(1),
  enrolled_at: z.string(),
});
export type ProbeState = z.infer<typeof stateSchema>;

export class StateError extends Error {
  override name = "StateError";
}

/** --state-dir, else $VANTAGE_PROBE_DIR, else ~/.vantage-probe. */
export function defaultStateDir(): string {
  return process.env.VANTAGE_PROBE_DIR || join(homedir(), ".vantage-probe");
}

export function stateFile(dir: string): string {
  return join(dir, "state.json");
}

export function writeState(dir: string, state: ProbeState): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const file = stateFile(dir);
  const tmp = `${file}.tmp`;
  const fd = openSync(tmp, "w", 0o600);
  try {
    writeSync(fd, JSON.stringify(state, null, 2) + "\n");
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}

export function readState(dir: string): ProbeState {
  const file = stateFile(dir);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new StateError(`no state file at ${file}: enroll first with "probe enroll --server URL --token TOKEN"`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new StateError(`${file} is not valid JSON (${(e as Error).message})`);
  }
  const parsed = stateSchema.safeParse(json);
  if (!parsed.success) {
    throw new StateError(parsed.error.issues.map((i) => `${file}: ${i.path.join(".") || "(file)"}: ${i.message}`).join("\n"));
  }
  return parsed.data;
}
