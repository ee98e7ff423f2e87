// CPU time of processes, read from /proc (Linux): what the benches report beside wall-clock
// rates, because on a machine shared with other work a rate alone says little.
import { readdirSync, readFileSync } from "node:fs";

const CLOCK_TICK_MS = 10; // USER_HZ is 100 on Linux

/** Fields after the parenthesised command name of /proc/PID/stat (state is [0]). */
function statFields(pid: number): string[] | null {
  try {
    return readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  } catch {
    return null; // exited
  }
}

/**
 * utime + stime of the given processes (all their threads), plus what their exited and
 * reaped children used (cutime + cstime), in ms; 0 for one that is gone. The children's
 * share matters where processes come and go between two readings: PostgreSQL's backends
 * end with their connections, and their CPU moves into the postmaster's cutime, so a sum
 * over the live processes alone can fall.
 */
export function pidsCpuMs(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    const f = statFields(pid);
    if (f) ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
  }
  return ticks * CLOCK_TICK_MS;
}

/** CPU of every live process in a process group, in ms. */
export function groupCpuMs(pgid: number): number {
  const pids = readdirSync("/proc").filter((d) => /^\d+$/.test(d)).map(Number);
  return pidsCpuMs(pids.filter((pid) => Number(statFields(pid)?.[2]) === pgid));
}

/** Backend process ids of a PostgreSQL database on this machine, from pg_stat_activity. */
export async function databaseBackends(adminUrl: string, database: string): Promise<number[]> {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = $1", [database]);
    return rows.map((r) => r.pid);
  } finally {
    await client.end();
  }
}
