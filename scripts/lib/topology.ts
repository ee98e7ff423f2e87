// A real local scale-out topology on 127.0.0.1, for the topology test, bench:scale and
// `npm run topology`: a PostgreSQL 15 primary and a streaming replica (pg_basebackup) from
// Debian's binaries on spare ports, N Vantage servers (scripts/next-server.ts, Next.js as
// `npm start` serves it; DATABASE_URL on the primary,
// DATABASE_READ_URL on the replica, one detection lease among them), and HAProxy in front.
// Everything lives in one temporary directory and is torn down by stop().
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { childEnvironment, config } from "../../lib/config";
import { openStore } from "../../lib/store/open";
import { freePort } from "./free-port";
import { groupCpuMs, pidsCpuMs } from "./proc-cpu";


/** Why the topology cannot run here (missing binaries), or null when it can. */
export function topologyUnavailable(): string | null {
  for (const bin of ["initdb", "pg_ctl", "pg_basebackup", "postgres"]) {
    if (!fs.existsSync(path.join(config().VANTAGE_PG_BIN, bin))) return `PostgreSQL binaries not found (${path.join(config().VANTAGE_PG_BIN, bin)}; set VANTAGE_PG_BIN)`;
  }
  if (spawnSync(config().VANTAGE_HAPROXY, ["-v"], { stdio: "ignore" }).status !== 0) return `HAProxy not found ("${config().VANTAGE_HAPROXY} -v" failed; apt-get install haproxy)`;
  if (process.getuid?.() === 0 && spawnSync("id", ["-u", "postgres"], { stdio: "ignore" }).status !== 0) {
    return "running as root, and there is no postgres user to run PostgreSQL as";
  }
  return null;
}

export interface TopologyOptions {
  instances: number;
  /** Extra environment for every instance (detection interval, limits, tokens). */
  env?: Record<string, string>;
  log?: (line: string) => void;
}

export interface WebInstance {
  id: string;
  url: string;
  /** Process group of the instance's server (tsx and Next.js). */
  pgid: number;
  alive: () => boolean;
}

export interface Topology {
  dir: string;
  primaryUrl: string;
  replicaUrl: string;
  /** HAProxy, round-robin over every instance. */
  balancerUrl: string;
  /** HAProxy, to the first instance only: the same path with one instance, for comparisons. */
  singleUrl: string;
  instances: WebInstance[];
  /** CPU time so far (ms) of the instances, each PostgreSQL server and HAProxy, from /proc. */
  cpuMs(): { instances: number; primary: number; replica: number; balancer: number };
  /** SIGKILLs an instance, as a crash would. */
  kill(id: string): Promise<void>;
  stop(): Promise<void>;
}

/** Runs a PostgreSQL binary, as the postgres user when we are root (initdb refuses root). */
function pgCommand(bin: string, args: string[]): { command: string; args: string[] } {
  const full = path.join(config().VANTAGE_PG_BIN, bin);
  return process.getuid?.() === 0 ? { command: "runuser", args: ["-u", "postgres", "--", full, ...args] } : { command: full, args };
}

function runPg(bin: string, args: string[]): void {
  const { command, args: argv } = pgCommand(bin, args);
  const r = spawnSync(command, argv, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${bin} ${args.join(" ")} failed (${r.status}): ${r.stderr || r.stdout}`);
}

async function waitFor(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} not ready within ${timeoutMs} ms${last ? `: ${(last as Error).message}` : ""}`);
}

async function queryOnce<R extends pg.QueryResultRow>(url: string, sql: string): Promise<R[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  await client.connect();
  try {
    return (await client.query<R>(sql)).rows;
  } finally {
    await client.end().catch(() => {});
  }
}

function pgConf(port: number, socketDir: string): string {
  return [
    "",
    "# vantage topology",
    "listen_addresses = '127.0.0.1'",
    `port = ${port}`,
    `unix_socket_directories = '${socketDir}'`,
    "wal_level = replica",
    "max_wal_senders = 4",
    "hot_standby = on",
    "max_connections = 200",
    "",
  ].join("\n");
}

export async function startTopology(options: TopologyOptions): Promise<Topology> {
  const log = options.log ?? (() => {});
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vantage-topology-"));
  fs.chmodSync(dir, 0o755);
  const children: ChildProcess[] = [];
  const pgDirs: string[] = [];
  const stop = async () => {
    for (const child of children.reverse()) await killGroup(child, "SIGTERM");
    for (const d of pgDirs.reverse()) {
      const { command, args } = pgCommand("pg_ctl", ["-D", d, "-m", "immediate", "-w", "stop"]);
      spawnSync(command, args, { stdio: "ignore" });
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    if (process.getuid?.() === 0) spawnSync("chown", ["postgres:postgres", dir]);
    const [primaryPort, replicaPort] = [await freePort(), await freePort()];
    const primaryDir = path.join(dir, "primary");
    const replicaDir = path.join(dir, "replica");

    log(`primary: initdb and start on 127.0.0.1:${primaryPort}`);
    runPg("initdb", ["-D", primaryDir, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"]);
    fs.appendFileSync(path.join(primaryDir, "postgresql.conf"), pgConf(primaryPort, dir));
    runPg("pg_ctl", ["-D", primaryDir, "-l", path.join(dir, "primary.log"), "-w", "start"]);
    pgDirs.push(primaryDir);
    const admin = `postgres://postgres@127.0.0.1:${primaryPort}/postgres`;
    await queryOnce(admin, "CREATE DATABASE vantage");
    const primaryUrl = `postgres://postgres@127.0.0.1:${primaryPort}/vantage`;
    const migrated = await openStore({ databaseUrl: primaryUrl });
    await migrated.close();

    log(`replica: pg_basebackup and start on 127.0.0.1:${replicaPort}`);
    runPg("pg_basebackup", ["-h", "127.0.0.1", "-p", String(primaryPort), "-U", "postgres", "-D", replicaDir, "-R", "-X", "stream", "-c", "fast"]);
    fs.appendFileSync(path.join(replicaDir, "postgresql.conf"), pgConf(replicaPort, dir));
    runPg("pg_ctl", ["-D", replicaDir, "-l", path.join(dir, "replica.log"), "-w", "start"]);
    pgDirs.push(replicaDir);
    const replicaUrl = `postgres://postgres@127.0.0.1:${replicaPort}/vantage`;
    await waitFor("streaming replication", 30_000, async () => {
      const rows = await queryOnce<{ status: string }>(replicaUrl, "SELECT status FROM pg_stat_wal_receiver");
      return rows[0]?.status === "streaming";
    });

    const secret = crypto.randomBytes(32).toString("base64url");
    const instances: (WebInstance & { child: ChildProcess })[] = [];
    for (let i = 1; i <= options.instances; i++) {
      const port = await freePort();
      const id = `web-${i}`;
      log(`instance ${id}: Vantage's server (scripts/next-server.ts) on 127.0.0.1:${port}`);
      const child = spawn(process.execPath, ["--import", "tsx", "scripts/next-server.ts"], {
        env: childEnvironment({
          PORT: String(port),
          HOST: "127.0.0.1",
          NODE_ENV: "production",
          NEXT_TELEMETRY_DISABLED: "1",
          // HAProxy connects from 127.0.0.1 and appends the client to X-Forwarded-For.
          VANTAGE_TRUSTED_PROXIES: "127.0.0.1",
          DATABASE_URL: primaryUrl,
          DATABASE_READ_URL: replicaUrl,
          VANTAGE_INSTANCE_ID: id,
          // Every instance must key registration digests alike, or the limit would not hold across them.
          VANTAGE_REGISTRATION_SECRET: secret,
          VANTAGE_DB_POOL_SIZE: "5",
          ...options.env,
        }),
        stdio: ["ignore", fs.openSync(path.join(dir, `${id}.log`), "a"), fs.openSync(path.join(dir, `${id}.log`), "a")],
        detached: true,
      });
      children.push(child);
      instances.push({ id, url: `http://127.0.0.1:${port}`, pgid: child.pid!, child, alive: () => child.exitCode === null && child.signalCode === null });
    }
    for (const inst of instances) {
      await waitFor(`instance ${inst.id}`, 120_000, async () => {
        if (!inst.alive()) throw new Error(`exited; see ${path.join(dir, `${inst.id}.log`)}:\n${fs.readFileSync(path.join(dir, `${inst.id}.log`), "utf8").slice(-2000)}`);
        return (await fetch(`${inst.url}/api/health`)).status === 200;
      });
    }

    const [balancerPort, singlePort] = [await freePort(), await freePort()];
    const cfg = path.join(dir, "haproxy.cfg");
    fs.writeFileSync(cfg, haproxyConfig(balancerPort, singlePort, instances));
    log(`HAProxy on 127.0.0.1:${balancerPort} (all instances) and :${singlePort} (web-1 only)`);
    const haproxy = spawn(config().VANTAGE_HAPROXY, ["-f", cfg, "-db"], {
      stdio: ["ignore", fs.openSync(path.join(dir, "haproxy.log"), "a"), fs.openSync(path.join(dir, "haproxy.log"), "a")],
      detached: true,
    });
    children.push(haproxy);
    const balancerUrl = `http://127.0.0.1:${balancerPort}`;
    await waitFor("HAProxy", 30_000, async () => (await fetch(`${balancerUrl}/api/health`)).status === 200);

    return {
      dir,
      primaryUrl,
      replicaUrl,
      balancerUrl,
      singleUrl: `http://127.0.0.1:${singlePort}`,
      instances: instances.map(({ child: _child, ...rest }) => rest),
      cpuMs() {
        return {
          instances: instances.reduce((ms, i) => ms + groupCpuMs(i.pgid), 0),
          primary: pidsCpuMs(postgresPids(primaryDir)),
          replica: pidsCpuMs(postgresPids(replicaDir)),
          balancer: groupCpuMs(haproxy.pid!),
        };
      },
      async kill(id: string) {
        const inst = instances.find((x) => x.id === id);
        if (!inst) throw new Error(`no instance ${id}`);
        await killGroup(inst.child, "SIGKILL");
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** HAProxy: health-checked round-robin; a connection refused by a dead instance is retried on another. */
export function haproxyConfig(port: number, singlePort: number, instances: readonly { id: string; url: string }[]): string {
  const server = (inst: { id: string; url: string }) => `  server ${inst.id} ${new URL(inst.url).host} check inter 1s fall 3 rise 1`;
  return [
    "global",
    "  maxconn 4096",
    "defaults",
    "  mode http",
    "  timeout connect 2s",
    "  timeout client 60s",
    "  timeout server 60s",
    // A crashed instance refuses connections and fails its checks at once; a busy one may
    // take seconds to answer /api/health, and must not be taken out of service for that.
    "  timeout check 5s",
    "  option forwardfor",
    "  option redispatch",
    "  retries 3",
    "  retry-on conn-failure empty-response",
    "  option httpchk GET /api/health",
    "  http-check expect status 200",
    `frontend all`,
    `  bind 127.0.0.1:${port}`,
    "  default_backend web",
    `frontend single`,
    `  bind 127.0.0.1:${singlePort}`,
    "  default_backend web_single",
    "backend web",
    "  balance roundrobin",
    ...instances.map(server),
    "backend web_single",
    server(instances[0]),
    "",
  ].join("\n");
}

/** The postmaster of a data directory and its children (backends, WAL sender and receiver, ...). */
function postgresPids(dataDir: string): number[] {
  let postmaster: number;
  try {
    postmaster = Number(fs.readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
  } catch {
    return [];
  }
  const children = fs
    .readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .map(Number)
    .filter((pid) => {
      try {
        return Number(fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ")[1]) === postmaster;
      } catch {
        return false;
      }
    });
  return [postmaster, ...children];
}

async function killGroup(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  try {
    process.kill(-child.pid!, signal);
  } catch {
    return;
  }
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  if (child.exitCode === null && child.signalCode === null) {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      /* gone */
    }
  }
}
