// The lab matrix, kernel tier: techniques user space cannot fake honestly (a SYN never
// answered, packets dropped after 16 KB, a policed rate), done with nftables in a network
// namespace of the test's own. The probe runs as the real CLI in a second namespace.
// Needs root, iproute2 and nftables; without them it says loudly what it skipped, and
// with CI=true their absence is a failure.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { MeasurementRecord } from "../../lib/measurement/schema";
import { parseMeasurement } from "../../lib/measurement/schema";
import type { ServiceId } from "../../lib/measurement/vocabulary";
import { scoreRecord, stripVerdicts } from "../../lib/verdict";
import { startLabProcess } from "./lab-process";
import { netnsSupport, withLabNetwork } from "./netns";
import { compare, formatMatrix, type MatrixRow } from "./run-case";
import { TECHNIQUES_MATRIX } from "./techniques";

const ROOT = join(import.meta.dirname, "..", "..");
const support = netnsSupport();
const inCi = process.env.CI === "true";

describe("censorship lab, kernel (netns) tier", () => {
  if (!support.ok) {
    const message = `NETNS TIER SKIPPED: missing ${support.missing.join(", ")}. Skipped techniques: ${TECHNIQUES_MATRIX.filter((t) => t.tier === "netns").map((t) => t.id).join(", ")}`;
    console.warn(`\n${"!".repeat(80)}\n${message}\n${"!".repeat(80)}\n`);
    if (inCi) {
      it("is required in CI", () => {
        throw new Error(message);
      });
    } else {
      it.skip(message);
    }
    return;
  }

  it("gives every kernel-tier technique its expected verdict and rule", async () => {
    const rows: MatrixRow[] = [];
    const records: MeasurementRecord[] = [];
    const dir = mkdtempSync(join(tmpdir(), "vantage-netns-"));
    try {
      await withLabNetwork(`m${process.pid % 10000}`, async (net) => {
        const lab = await startLabProcess({ netns: net.serverNs, bindHost: net.serverIp });
        try {
          for (const technique of TECHNIQUES_MATRIX.filter((t) => t.tier === "netns")) {
            const plan = lab.layout.healthyPlan();
            technique.stage?.(plan, lab.layout);
            await lab.apply(plan);
            net.setServerRules(technique.nft?.(lab.endpoints.ports) ?? {});
            const config = join(dir, `${technique.id}.json`);
            const out = join(dir, `${technique.id}.jsonl`);
            writeFileSync(config, JSON.stringify(lab.layout.probeConfig(plan, lab.endpoints, { throughputMs: technique.throughputMs })));
            const services = Object.keys(technique.expect) as ServiceId[];
            const r = spawnSync(
              "ip",
              ["netns", "exec", net.probeNs, process.execPath, "--import", "tsx", join(ROOT, "probes/cli.ts"), "run", "--once", "--config", config, "--services", services.join(","), "--output", out],
              { cwd: ROOT, encoding: "utf8", timeout: 90_000 },
            );
            if (r.status !== 0) throw new Error(`probe CLI failed for ${technique.id}: ${r.stderr}`);
            const got = readFileSync(out, "utf8").trim().split("\n").map((l) => JSON.parse(l) as MeasurementRecord);
            records.push(...got);
            for (const s of services) rows.push(compare(technique.id, s, technique.expect[s]!, got.find((x) => x.service === s)));
          }
        } finally {
          await lab.stop();
        }
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    console.log(`\nlab matrix (kernel tier), ${rows.length} cells:\n${formatMatrix(rows)}\n`);
    for (const record of records) {
      const parsed = parseMeasurement(record);
      expect(parsed.ok).toBe(true);
      if (parsed.ok) expect(scoreRecord(stripVerdicts(parsed.record))).toEqual(record.verdict);
    }
    expect(rows.filter((r) => !r.ok).map((r) => `${r.technique}/${r.service}: expected ${r.expected}, got ${r.got}`)).toEqual([]);
  });
});
