// Which server instance this process is, for /metrics, /api/health and the name its
// database connections carry (application_name), so an operator can tell instances behind
// a load balancer apart and see which one holds the detection lease.
import os from "node:os";

export class InstanceConfigError extends Error {
  override name = "InstanceConfigError";
}

/** PostgreSQL truncates application_name at 63 bytes; the prefix "vantage-detector " takes 17. */
const MAX_ID_LENGTH = 46;

/** VANTAGE_INSTANCE_ID, or host name and process id. */
export function instanceId(env: NodeJS.ProcessEnv = process.env): string {
  const raw = env.VANTAGE_INSTANCE_ID?.trim();
  if (!raw) return `${os.hostname()}:${process.pid}`.slice(0, MAX_ID_LENGTH);
  if (raw.length > MAX_ID_LENGTH || !/^[A-Za-z0-9._:@-]+$/.test(raw)) {
    throw new InstanceConfigError(
      `VANTAGE_INSTANCE_ID must be 1-${MAX_ID_LENGTH} characters of letters, digits and . _ : @ - (got "${raw.slice(0, 80)}")`,
    );
  }
  return raw;
}
