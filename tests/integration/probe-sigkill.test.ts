// The probe daemon (the real CLI, in its own process) killed with SIGKILL at 20 random
// moments (during rounds, spool writes and uploads) and restarted; finally drained. Every
// id in its independent log of flushed ids is stored exactly once.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { mulberry32 } from "../../lib/random";
import { enroll } from "../../probes/enroll";
import { useDaemonHarness } from "../helpers/daemon-harness";
import { api, startApiServer } from "../helpers/volunteer-api";

const KILLS = 20;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("probe daemon under SIGKILL", () => {
  const h = useDaemonHarness("vantage-sigkill-");

  it(`loses nothing and duplicates nothing across ${KILLS} kills`, async () => {
    const server = await startApiServer();
    const account = await api("POST", "/api/v1/probes/accounts", { body: {} });
    const reg = await api("POST", "/api/v1/probes", { auth: account.body.key, body: { name: "killed", country: "RU", asn: 64500, network_type: "fixed" } });
    const stateDir = join(h.work, "state");
    const { probeId } = await enroll({ server: server.url, token: reg.body.enrollment_token, stateDir });
    const plan = h.lab.layout.healthyPlan();
    await h.lab.apply(plan);
    const engine = h.lab.layout.probeConfig(plan, h.lab.endpoints, { stateFile: join(h.work, "tp.json") }) as { throughput: Record<string, unknown> };
    engine.throughput.enabled = false;
    const configFile = join(h.work, "engine.json");
    writeFileSync(configFile, JSON.stringify(engine));
    const idsLog = join(h.work, "ids.log");
    const args = ["--import", "tsx", "probes/cli.ts", "daemon", "--state-dir", stateDir, "--config", configFile, "--interval", "1", "--ids-log", idsLog, "--batch-records", "2"];
    let output = "";
    const start = (extra: string[] = []): ChildProcess => {
      const child = spawn(process.execPath, [...args, ...extra], { cwd: process.cwd(), stdio: ["ignore", "pipe", "pipe"] });
      child.stdout!.on("data", (d) => (output += d));
      child.stderr!.on("data", (d) => (output += d));
      return child;
    };
    const exited = (child: ChildProcess) => new Promise<number | null>((r) => (child.exitCode !== null ? r(child.exitCode) : child.once("exit", (c) => r(c))));

    const random = mulberry32(4242);
    for (let i = 0; i < KILLS; i++) {
      const child = start();
      // Kill at a random moment after the daemon is up (rounds, spool writes and uploads follow at once).
      const mark = output.length;
      const upBy = Date.now() + 60_000;
      while (!output.slice(mark).includes("daemon: probe") && Date.now() < upBy && child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, random() * 4000));
      child.kill("SIGKILL");
      await exited(child);
    }
    // Restart once more and let it drain the spool.
    const last = start(["--exit-after-rounds", "1"]);
    expect(await exited(last), output.slice(-2000)).toBe(0);
    await server.stop();

    const logged = readFileSync(idsLog, "utf8").split("\n").filter((l) => UUID.test(l));
    const stored = await h.store.prisma.measurement.findMany({ where: { probe_id: probeId }, select: { id: true } });
    const storedIds = stored.map((s) => s.id);
    expect(new Set(storedIds).size).toBe(storedIds.length);
    const storedSet = new Set(storedIds);
    const missing = logged.filter((id) => !storedSet.has(id));
    expect(missing, `flushed but never stored`).toEqual([]);
    expect(new Set(logged).size).toBe(logged.length);
    // A kill between the spool's fsync and the id log's write leaves a stored id the log lacks.
    const unlogged = storedIds.filter((id) => !logged.includes(id));
    expect(unlogged.length).toBeLessThanOrEqual(3 * KILLS);
    expect(readFileSync(join(stateDir, "spool.jsonl"), "utf8")).toBe("");
    const torn = (output.match(/dropped a torn last line/g) ?? []).length;
    console.log(`sigkill: ${KILLS} kills, ${logged.length} ids flushed and logged, ${storedIds.length} stored, ${unlogged.length} stored but killed before logging, ${torn} torn spool line(s) recovered`);
    expect(logged.length).toBeGreaterThan(KILLS);
  }, 900_000);
});
