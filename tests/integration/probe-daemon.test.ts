// The probe daemon against the real lab and a real HTTP server in front of the API's route
// handlers: enrolled over HTTP, it keeps measuring while the server is down, and once the
// server is back every id it flushed to its spool (an independent log) is stored exactly once.
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseProbeConfig } from "../../probes/config";
import { runDaemon } from "../../probes/daemon/daemon";
import { enroll } from "../../probes/enroll";
import { useDaemonHarness } from "../helpers/daemon-harness";
import { api, startApiServer } from "../helpers/volunteer-api";

describe("probe daemon", () => {
  const h = useDaemonHarness("vantage-daemon-");

  it("keeps measuring while the server is down; afterwards every flushed id is stored exactly once", async () => {
    let server = await startApiServer();
    const account = await api("POST", "/api/v1/probes/accounts", { body: {} });
    const reg = await api("POST", "/api/v1/probes", {
      auth: account.body.key,
      body: { name: "h.lab probe", country: "RU", asn: 64500, network_type: "fixed" },
    });
    const stateDir = join(h.work, "state");
    const { probeId } = await enroll({ server: server.url, token: reg.body.enrollment_token, stateDir });
    expect(statSync(join(stateDir, "state.json")).mode & 0o777).toBe(0o600);
    expect(statSync(stateDir).mode & 0o777).toBe(0o700);

    const plan = h.lab.layout.healthyPlan();
    await h.lab.apply(plan);
    const engine = h.lab.layout.probeConfig(plan, h.lab.endpoints, { stateFile: join(h.work, "tp.json") }) as { throughput: Record<string, unknown> };
    engine.throughput.enabled = false; // keep rounds short; throughput has its own h.lab tests

    const idsLog = join(h.work, "ids.log");
    const logLines: string[] = [];
    const flushed = () => {
      try {
        return readFileSync(idsLog, "utf8").split("\n").filter(Boolean);
      } catch {
        return [];
      }
    };
    const port = server.port;
    const daemon = runDaemon({
      stateDir,
      engineConfig: parseProbeConfig(engine),
      spoolMaxBytes: 16 << 20,
      dailyBudgetBytes: 1 << 30,
      batchRecords: 4,
      batchBytes: 1 << 20,
      intervalS: 1,
      idsLog,
      exitAfterRounds: 7,
      log: (l) => logLines.push(l),
      backoff: { baseMs: 100, maxMs: 800 },
    });

    // Let some rounds upload, then take the server away for at least three rounds.
    await waitFor(() => logLines.some((l) => l.startsWith("upload:") && l.includes("stored")), 60_000);
    await server.stop();
    const atStop = flushed().length;
    await waitFor(() => flushed().length >= atStop + 9, 90_000); // three rounds of three services
    expect(logLines.some((l) => /upload: .* failed \(ECONNREFUSED\)/.test(l))).toBe(true);
    server = await startApiServer(port);
    await daemon;
    await server.stop();

    const ids = flushed();
    expect(ids.length).toBe(21); // 7 rounds x 3 services
    expect(new Set(ids).size).toBe(ids.length);
    const stored = await h.store.prisma.measurement.findMany({ where: { probe_id: probeId }, select: { id: true, country: true, asn: true } });
    expect(stored.map((s) => s.id).sort()).toEqual([...ids].sort());
    expect(stored.every((s) => s.country === "RU" && s.asn === 64500)).toBe(true);
    expect(readFileSync(join(stateDir, "spool.jsonl"), "utf8")).toBe("");
    // One line per round and per upload.
    expect(logLines.filter((l) => /^round \S+: 3 record\(s\) spooled/.test(l))).toHaveLength(7);
    const probe = await h.store.prisma.probe.findUnique({ where: { id: probeId } });
    expect(probe?.last_seen_at).not.toBeNull();
  }, 300_000);
});

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 100));
  }
}
