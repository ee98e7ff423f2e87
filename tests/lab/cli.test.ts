// The CLI end to end against the lab: one healthy round into an output file, and the
// refusals (bad flag, bad config) that must name the field and leave no file behind.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseMeasurement } from "../../lib/measurement/schema";
import { type LabHandle, startLabProcess } from "./lab-process";

const ROOT = join(import.meta.dirname, "..", "..");
let lab: LabHandle;
let dir: string;

function probe(args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "probes/cli.ts"), ...args], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
}

beforeAll(async () => {
  lab = await startLabProcess();
  dir = mkdtempSync(join(tmpdir(), "vantage-cli-"));
});
afterAll(async () => {
  await lab?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("probe CLI", () => {
  it("runs one round against the lab and writes one valid record per service", async () => {
    const plan = lab.layout.healthyPlan();
    await lab.apply(plan);
    const config = join(dir, "lab.json");
    writeFileSync(config, JSON.stringify(lab.layout.probeConfig(plan, lab.endpoints)));
    const out = join(dir, "round.jsonl");
    const r = probe(["run", "--once", "--config", config, "--services", "whatsapp,telegram,max", "--output", out, "--stats"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe("");
    const records = readFileSync(out, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(records.map((x) => x.service)).toEqual(["whatsapp", "telegram", "max"]);
    for (const rec of records) {
      const parsed = parseMeasurement(rec);
      expect(parsed.ok).toBe(true);
      expect(rec.verdict.status).toBe("ok");
    }
    expect(new Set(records.map((x) => x.round_id)).size).toBe(1);
    // The human table on stderr: a header and one line per service.
    expect(r.stderr).toMatch(/service\s+verdict\s+cause\s+rule/);
    expect(r.stderr).toMatch(/whatsapp\s+ok\s+-\s+OK/);
    expect(r.stderr).toMatch(/stats \{"wall_ms":\d+,"max_rss_kb":\d+,"bytes_sent":\d+,"bytes_received":\d+\}/);
    // No temp file left beside the output.
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("refuses a bad config naming the field, and writes no output file", () => {
    const config = join(dir, "bad.json");
    writeFileSync(config, JSON.stringify({ timeouts: { tcp_ms: -5 }, resolvers: { system: "nowhere" } }));
    const out = join(dir, "never.jsonl");
    const r = probe(["run", "--once", "--config", config, "--output", out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("config.timeouts.tcp_ms: expected a positive number");
    expect(r.stderr).toContain("config.resolvers.system");
    expect(existsSync(out)).toBe(false);
  });

  it("refuses a bad flag or service, naming it", () => {
    const out = join(dir, "never2.jsonl");
    const bad = probe(["run", "--once", "--sevrices", "whatsapp", "--output", out]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('unknown flag "--sevrices"');
    const svc = probe(["run", "--once", "--services", "whatsapp,icq", "--output", out]);
    expect(svc.status).toBe(2);
    expect(svc.stderr).toContain('--services: unknown service "icq"');
    // Without --once, `run` is the supervised probe: with no enrollment it says how to enroll.
    const unenrolled = probe(["run", "--state-dir", join(dir, "not-enrolled")]);
    expect(unenrolled.status).toBe(2);
    expect(unenrolled.stderr).toContain("enroll first");
    expect(existsSync(out)).toBe(false);
  });
});
