// The throughput switch and the daily byte budget, against the lab: a round within budget
// measures the objects and books their bytes in the state file; a round over it, or with
// throughput off, leaves the throughput targets out.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseProbeConfig } from "../../probes/config";
import { runRound } from "../../probes/round";
import { type LabHandle, startLabProcess } from "./lab-process";

let lab: LabHandle;
let dir: string;

beforeAll(async () => {
  lab = await startLabProcess();
  dir = mkdtempSync(join(tmpdir(), "vantage-budget-"));
  await lab.apply(lab.layout.healthyPlan());
});
afterAll(async () => {
  await lab?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function config(throughput: Record<string, unknown>) {
  const base = lab.layout.probeConfig(lab.layout.healthyPlan(), lab.endpoints, { stateFile: join(dir, "state.json") }) as { throughput: object };
  return parseProbeConfig({ ...base, throughput: { ...base.throughput, ...throughput } });
}

const throughputTargets = (records: { targets: { stages: { throughput?: unknown } }[] }[]) =>
  records.flatMap((r) => r.targets).filter((t) => t.stages.throughput).length;

describe("throughput budget", () => {
  it("measures within budget and books the bytes in the state file", async () => {
    const round = await runRound(config({ daily_budget_bytes: 10 * 1024 * 1024 }), ["max"]);
    expect(round.throughputSkipped).toBeNull();
    expect(throughputTargets(round.records)).toBe(1);
    const state = JSON.parse(readFileSync(join(dir, "state.json"), "utf8"));
    // The service object and the control object, each capped at 256 KiB.
    expect(state.throughput.bytes).toBe(2 * 262_144);
    expect(state.throughput.day).toBe(new Date().toISOString().slice(0, 10));
  });

  it("leaves throughput out once today's budget would be exceeded", async () => {
    // 512 KiB spent already; another round's worst case (2 x 256 KiB) does not fit in 1 MiB - 1.
    const round = await runRound(config({ daily_budget_bytes: 1024 * 1024 - 1 }), ["max"]);
    expect(round.throughputSkipped).toBe("budget");
    expect(throughputTargets(round.records)).toBe(0);
    expect(round.records[0].verdict?.status).toBe("ok");
  });

  it("leaves throughput out when switched off", async () => {
    const round = await runRound(config({ enabled: false }), ["whatsapp", "max"]);
    expect(round.throughputSkipped).toBe("disabled");
    expect(throughputTargets(round.records)).toBe(0);
  });
});
