// `probe enroll --server URL --token TOKEN`: exchanges the one-time token for this probe's
// credential and saves both in the state file (mode 0600). Re-enrolling after a credential
// rotation overwrites the state file and keeps the spool.
import { ApiClient } from "./daemon/client";
import { writeState } from "./daemon/state";
import { PROBE_SOFTWARE } from "./round";

export async function enroll(options: { server: string; token: string; stateDir: string }): Promise<{ probeId: string; file: string }> {
  const server = new URL(options.server);
  if (server.protocol !== "https:" && server.protocol !== "http:") throw new Error(`--server: expected an http(s) URL, got ${options.server}`);
  const client = new ApiClient({ server: server.origin, credential: null, timeoutMs: 30_000 });
  const { probe_id, credential } = await client.enroll(options.token, PROBE_SOFTWARE.version);
  writeState(options.stateDir, { server: server.origin, probe_id, credential, enrolled_at: new Date().toISOString() });
  return { probeId: probe_id, file: `${options.stateDir}/state.json` };
}
