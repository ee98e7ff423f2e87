// `probe daemon`: rounds on the server's schedule (with jitter), heartbeats, and a spool
// that loses nothing. A measurement counts as taken once its spool line is fsync'd; it
// leaves the spool only when the server acknowledged it (stored or duplicate). One log
// line per round and per upload.
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SERVICES, type ServiceId } from "../../lib/measurement/vocabulary";
import { listedServices } from "../../lib/targets";
import type { ProbeConfigResponse } from "../../lib/volunteers/requests";
import type { ProbeConfig } from "../config";
import { PROBE_SOFTWARE, runRound, type RoundResult } from "../round";
import { ApiClient } from "./client";
import { DataBudget } from "./data-budget";
import { type Backoff, backoffMs, nextRoundAt, UPLOAD_BACKOFF } from "./schedule";
import { Spool, SpoolFullError, type SpooledBatch } from "./spool";
import { readState } from "./state";
import { decideUpdate, installUpdate, readUpdateState, UpdateRefused, writeUpdateState } from "./update";

export interface DaemonOptions {
  stateDir: string;
  /** The probe engine's configuration (timeouts, resolvers...); identity comes from the server. */
  engineConfig: ProbeConfig;
  spoolMaxBytes: number;
  dailyBudgetBytes: number;
  batchRecords: number;
  batchBytes: number;
  /** Overrides the server's interval (labs and tests). */
  intervalS: number | null;
  /** Append-only log of every id flushed to the spool. */
  idsLog: string | null;
  /**
   * Stop once this many rounds ran and the spool is drained, or three uploads in a row
   * failed (the rest stays spooled for the next start); null: run until stopped.
   */
  exitAfterRounds: number | null;
  /** Update from the server's published bundle (set by `probe run`, which restarts the daemon); null: never. */
  selfUpdate?: { programFile: string; pin: string | null } | null;
  log: (line: string) => void;
  signal?: AbortSignal;
  /** Upload retry backoff (default: 1 s doubling to 5 min). */
  backoff?: Backoff;
  random?: () => number;
}

export const DAEMON_DEFAULTS = {
  spoolMaxBytes: 64 * 1024 * 1024,
  dailyBudgetBytes: 200 * 1024 * 1024,
  batchRecords: 200,
  batchBytes: 4 * 1024 * 1024,
} as const;

/** What `probe status` reads. */
export interface DaemonStatus {
  pid: number;
  updated_at: string;
  probe_status: string | null;
  queued: number;
  spool_bytes: number;
  rounds: number;
  last_round_at: string | null;
  last_upload_at: string | null;
  last_error: string | null;
  data_spent_today: number;
  /** When the next round is due (null once --exit-after-rounds is reached). */
  next_round_at: string | null;
  software_version: string;
  /** The last self-update check's outcome. */
  update: string | null;
}

export function statusFile(dir: string): string {
  return join(dir, "status.json");
}

const CONFIG_CACHE = "server-config.json";

/** Failed uploads in a row after which --exit-after-rounds exits with the rest still spooled. */
const EXIT_DRAIN_ATTEMPTS = 3;

export async function runDaemon(o: DaemonOptions): Promise<{ rounds: number; updated: boolean }> {
  const random = o.random ?? Math.random;
  const state = readState(o.stateDir);
  const client = new ApiClient({ server: state.server, credential: state.credential });
  const spool = new Spool(o.stateDir, { maxBytes: o.spoolMaxBytes, idsLog: o.idsLog });
  const recovered = spool.open();
  if (recovered.tornBytes > 0) o.log(`spool: dropped a torn last line (${recovered.tornBytes} bytes) left by a crash`);
  if (recovered.corruptLines > 0) o.log(`spool: set ${recovered.corruptLines} corrupt line(s) aside in ${spool.rejectedFile}`);
  const budget = new DataBudget(o.stateDir, o.dailyBudgetBytes);

  // The last config the server gave, so a restart while the server is down still measures.
  let server: ProbeConfigResponse | null = readCachedConfig(o.stateDir);
  const interval = () => o.intervalS ?? server?.schedule.interval_s ?? 600;
  const jitter = () => server?.schedule.jitter ?? 0.1;

  let nextConfig = 0;
  let nextHeartbeat = 0;
  let nextRound = Date.now();
  let uploadNotBefore = 0;
  let failures = 0;
  let refused = false;
  let batchLimit = o.batchRecords;
  let rounds = 0;
  const status: DaemonStatus = {
    pid: process.pid, updated_at: "", probe_status: server?.probe.status ?? null, queued: spool.count, spool_bytes: spool.bytes,
    rounds: 0, last_round_at: null, last_upload_at: null, last_error: null, data_spent_today: 0,
    next_round_at: null, software_version: PROBE_SOFTWARE.version, update: null,
  };
  const saveStatus = () => {
    Object.assign(status, {
      updated_at: new Date().toISOString(), queued: spool.count, spool_bytes: spool.bytes, rounds, data_spent_today: budget.spent(new Date()),
      next_round_at: roundsLeft() ? new Date(nextRound).toISOString() : null,
    });
    const tmp = `${statusFile(o.stateDir)}.tmp`;
    writeFileSync(tmp, JSON.stringify(status, null, 2) + "\n", { mode: 0o600 });
    renameSync(tmp, statusFile(o.stateDir));
  };
  o.log(`daemon: probe ${state.probe_id} at ${state.server}; ${spool.count} measurement(s) waiting in the spool`);

  // The owner's budget from the server can only lower the one given on the command line.
  const applyBudget = () => (budget.dailyBytes = Math.min(o.dailyBudgetBytes, server?.budget?.daily_bytes ?? o.dailyBudgetBytes));
  applyBudget();

  const refreshConfig = async () => {
    const r = await client.config();
    if (r.ok) {
      server = r.config;
      applyBudget();
      confirmUpdate(o, server);
      refused = server.probe.status !== "active";
      status.probe_status = server.probe.status;
      writeCachedConfig(o.stateDir, server);
      nextConfig = Date.now() + interval() * 1000;
    } else {
      if (r.status === 401 || r.status === 403) refused = true;
      status.last_error = `config: ${r.message}`;
      o.log(`config: ${r.status ?? "unreachable"} ${r.message}; retrying later`);
      nextConfig = Date.now() + Math.min(interval(), 60) * 1000;
    }
  };

  // measure: one round of every service, unless paused or out of data for today.
  const measure = async (): Promise<RoundResult | null> => {
    const at = new Date();
    rounds++;
    status.last_round_at = at.toISOString();
    if (server && server.probe.status !== "active") {
      o.log(`round skipped: probe is ${server.probe.status}`);
      return null;
    }
    if (budget.exhausted(at)) {
      o.log(`round skipped: daily data budget of ${budget.dailyBytes} bytes spent`);
      return null;
    }
    const result = await runRound(engineConfigFor(o, server, state.probe_id), servicesFor(server), at);
    budget.add(at, result.bytesSent + result.bytesReceived);
    return result;
  };

  // spool: the round's records are taken once their line is fsync'd.
  const spoolRound = async (result: RoundResult) => {
    const classes = result.records.map((r) => `${r.service}=${r.verdict?.class ?? "?"}`).join(" ");
    try {
      await spool.append(result.records);
      o.log(`round ${result.roundId}: ${result.records.length} record(s) spooled (${classes}) in ${Math.round(result.wallMs)} ms, ${result.bytesSent + result.bytesReceived} bytes; ${spool.count} queued`);
    } catch (e) {
      if (!(e instanceof SpoolFullError)) throw e;
      status.last_error = e.message;
      o.log(`round ${result.roundId}: ${e.message}`);
    }
  };

  const upload = async () => {
    const batch = await spool.peek(batchLimit, o.batchBytes);
    if (batch.records.length === 0) return;
    const t0 = Date.now();
    const outcome = await client.upload(batch.records);
    const ms = Date.now() - t0;
    budget.add(new Date(), batch.lines.reduce((n, l) => n + l.length + 1, 0));
    switch (outcome.kind) {
      case "acked": {
        const acked = new Set([...outcome.stored, ...outcome.duplicates]);
        const keep = batch.lines.filter((_, i) => !acked.has(idOf(batch, i)));
        await spool.remove(batch, keep);
        failures = 0;
        batchLimit = o.batchRecords;
        status.last_upload_at = new Date().toISOString();
        o.log(`upload: ${batch.records.length} record(s) in ${ms} ms: ${outcome.stored.length} stored, ${outcome.duplicates.length} duplicate(s); ${spool.count} queued`);
        return;
      }
      case "invalid":
      case "conflict": {
        const bad = outcome.kind === "invalid"
          ? new Set(outcome.indexes)
          : new Set(batch.records.map((_, i) => i).filter((i) => outcome.ids.includes(idOf(batch, i))));
        if (bad.size === 0 && batch.records.length > 1) {
          batchLimit = Math.max(1, Math.floor(batch.records.length / 2)); // narrow down the culprit
          return o.log(`upload: ${outcome.message}; retrying in smaller batches`);
        }
        const rejected = bad.size === 0 ? batch.lines : batch.lines.filter((_, i) => bad.has(i));
        spool.reject(rejected, outcome.message);
        await spool.remove(batch, batch.lines.filter((_, i) => bad.size > 0 && !bad.has(i)));
        status.last_error = `upload: ${outcome.message}`;
        return o.log(`upload: server refused ${rejected.length} record(s) for good (${outcome.message}); set aside in ${spool.rejectedFile}`);
      }
      case "too_large": {
        if (batch.records.length > 1) {
          batchLimit = Math.max(1, Math.floor(batch.records.length / 2));
          return o.log(`upload: ${outcome.message}; retrying with ${batchLimit} record(s) per batch`);
        }
        spool.reject(batch.lines, outcome.message);
        await spool.remove(batch);
        return o.log(`upload: one record is over the server's limit; set aside in ${spool.rejectedFile}`);
      }
      case "refused":
        refused = true;
        nextConfig = Math.min(nextConfig, Date.now() + Math.min(interval(), 60) * 1000);
        status.last_error = `upload: ${outcome.message}`;
        return o.log(`upload: ${outcome.message}; ${spool.count} queued until the server accepts this probe again`);
      case "retry": {
        failures++;
        const wait = outcome.retryAfterMs ?? backoffMs(failures, random(), o.backoff ?? UPLOAD_BACKOFF);
        uploadNotBefore = Date.now() + wait;
        status.last_error = `upload: ${outcome.message}`;
        return o.log(`upload: ${batch.records.length} record(s) failed (${outcome.message}); retry in ${(wait / 1000).toFixed(1)} s; ${spool.count} queued`);
      }
    }
  };

  // schedule: the server's config when due, and whether a round is due now.
  const roundsLeft = () => o.exitAfterRounds === null || rounds < o.exitAfterRounds;
  const schedule = async (): Promise<boolean> => {
    if (Date.now() >= nextConfig) await refreshConfig();
    return roundsLeft() && Date.now() >= nextRound;
  };

  // upload: drain the spool until it is empty, the server fails, or a round falls due.
  const uploadBacklog = async () => {
    while (!refused && spool.count > 0 && Date.now() >= uploadNotBefore && !o.signal?.aborted) {
      await upload();
      if (roundsLeft() && Date.now() >= nextRound) break;
    }
  };

  // report: the heartbeat to the server when due, and status.json for `probe status`.
  const report = async () => {
    if (Date.now() >= nextHeartbeat) {
      const beat = await client.heartbeat({ queued: spool.count, software_version: PROBE_SOFTWARE.version, budget_exhausted: budget.exhausted(new Date()) });
      if (!beat.ok) status.last_error = `heartbeat: ${beat.message}`;
      nextHeartbeat = Date.now() + interval() * 1000;
    }
    saveStatus();
  };

  // update: a newer published bundle, checked and installed; the supervisor restarts us into it.
  const update = async (): Promise<boolean> => {
    if (!o.selfUpdate || !server || updateCheckedSha === (server.software?.sha256 ?? "")) return false;
    updateCheckedSha = server.software?.sha256 ?? "";
    const saved = readUpdateState(o.stateDir);
    const decision = decideUpdate(PROBE_SOFTWARE.version, server.software, o.selfUpdate.pin, saved.refused);
    if (!decision.update) {
      status.update = decision.why;
      return false;
    }
    const to = decision.to;
    o.log(`update: ${PROBE_SOFTWARE.version} -> ${to.version}: downloading`);
    const download = await client.download(to.url);
    if (!download.ok) {
      updateCheckedSha = null; // try again at the next config
      status.update = `download of ${to.version} failed: ${download.message}`;
      o.log(`update: ${status.update}; keeping ${PROBE_SOFTWARE.version}`);
      return false;
    }
    budget.add(new Date(), download.bytes.byteLength);
    try {
      installUpdate(download.bytes, to, o.selfUpdate.programFile);
    } catch (e) {
      if (!(e instanceof UpdateRefused)) throw e;
      writeUpdateState(o.stateDir, { ...saved, refused: { ...saved.refused, [to.sha256]: e.message } });
      status.update = `${to.version} refused: ${e.message}`;
      o.log(`update: ${to.version} refused (${e.message}); keeping ${PROBE_SOFTWARE.version}`);
      return false;
    }
    writeUpdateState(o.stateDir, { ...saved, pending: { from: PROBE_SOFTWARE.version, to: to.version, sha256: to.sha256, at: new Date().toISOString() } });
    status.update = `installed ${to.version}; restarting`;
    o.log(`update: installed ${to.version} (SHA-256 checked), keeping ${PROBE_SOFTWARE.version} to roll back to; restarting`);
    return true;
  };
  let updateCheckedSha: string | null = null;
  let updated = false;

  // After the last round the spool is drained, but a server that stays away does not hold the exit.
  const finished = () => !roundsLeft() && (spool.count === 0 || refused || failures >= EXIT_DRAIN_ATTEMPTS);
  const nextWake = () => {
    const wakes = [nextConfig, nextHeartbeat, ...(roundsLeft() ? [nextRound] : [])];
    if (spool.count > 0 && !refused) wakes.push(Math.max(uploadNotBefore, Date.now()));
    return Math.min(...wakes);
  };

  while (!o.signal?.aborted) {
    if (await schedule()) {
      const result = await measure();
      nextRound = nextRoundAt(Date.now(), interval(), jitter(), random());
      if (result) await spoolRound(result);
    }
    await uploadBacklog();
    await report();
    if ((updated = await update())) break;
    if (finished()) break;
    await sleep(Math.max(0, nextWake() - Date.now()), o.signal);
  }
  saveStatus();
  o.log(`daemon: stopped after ${rounds} round(s); ${spool.count} measurement(s) kept in the spool`);
  return { rounds, updated };
}

/** The first config a freshly updated daemon gets confirms the update: no roll-back after that. */
function confirmUpdate(o: DaemonOptions, server: ProbeConfigResponse): void {
  if (!o.selfUpdate) return;
  const saved = readUpdateState(o.stateDir);
  if (saved.pending?.to !== PROBE_SOFTWARE.version) return;
  writeUpdateState(o.stateDir, { ...saved, pending: null });
  o.log(`update: ${PROBE_SOFTWARE.version} started and heard the server (probe ${server.probe.status})`);
}

function idOf(batch: SpooledBatch, i: number): string {
  return String((batch.records[i] as { id?: unknown })?.id ?? "");
}

/** The engine config with the server's view of who this probe is. */
function engineConfigFor(o: DaemonOptions, server: ProbeConfigResponse | null, probeId: string): ProbeConfig {
  const c = o.engineConfig;
  const p = server?.probe;
  return {
    ...c,
    probe: {
      id: probeId,
      cc: p?.country ?? c.probe.cc,
      asn: p?.asn ?? c.probe.asn,
      asn_name: p?.asn_name ?? c.probe.asn_name,
      region: p?.region ?? c.probe.region,
      network_type: p?.network_type ?? c.probe.network_type,
      owner: null,
    },
    // The throughput budget lives with the rest of the daemon's state, not in the working directory.
    throughput: c.throughput.state_file === ".data/probe-state.json" ? { ...c.throughput, state_file: join(o.stateDir, "throughput-budget.json") } : c.throughput,
  };
}

function servicesFor(server: ProbeConfigResponse | null): ServiceId[] {
  const listed = new Set<string>(listedServices());
  const wanted = server?.services ?? listedServices();
  const services = wanted.filter((s): s is ServiceId => (SERVICES as readonly string[]).includes(s) && listed.has(s));
  return services.length > 0 ? services : listedServices();
}

function readCachedConfig(dir: string): ProbeConfigResponse | null {
  try {
    return JSON.parse(readFileSync(join(dir, CONFIG_CACHE), "utf8")) as ProbeConfigResponse;
  } catch {
    return null;
  }
}

function writeCachedConfig(dir: string, config: ProbeConfigResponse): void {
  const file = join(dir, CONFIG_CACHE);
  writeFileSync(`${file}.tmp`, JSON.stringify(config) + "\n", { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
