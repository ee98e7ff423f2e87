// The lab matrix (user-space tier): every technique against every service it applies to,
// once; prints technique x service x expected x got x rule and fails on any mismatch.
// Then every lab record must validate under the schema and re-score to the same verdict.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MeasurementRecord } from "../../lib/measurement/schema";
import { parseMeasurement } from "../../lib/measurement/schema";
import { scoreRecord, stripVerdicts } from "../../lib/verdict";
import { type LabHandle, startLabProcess } from "./lab-process";
import { formatMatrix, type MatrixRow, runCase } from "./run-case";
import { TECHNIQUES_MATRIX } from "./techniques";

let lab: LabHandle;
const records: MeasurementRecord[] = [];

beforeAll(async () => {
  lab = await startLabProcess();
});
afterAll(async () => {
  await lab?.stop();
});

describe("censorship lab, user-space tier", () => {
  it("gives every technique its expected verdict and rule, for every service it applies to", async () => {
    const rows: MatrixRow[] = [];
    for (const technique of TECHNIQUES_MATRIX.filter((t) => t.tier === "user")) {
      const result = await runCase(lab, technique);
      rows.push(...result.rows);
      records.push(...result.records);
    }
    console.log(`\nlab matrix (user-space tier), ${rows.length} cells:\n${formatMatrix(rows)}\n`);
    expect(rows.filter((r) => !r.ok).map((r) => `${r.technique}/${r.service}: expected ${r.expected}, got ${r.got}`)).toEqual([]);
  });

  it("reads the control resolver over DoH as well as over UDP", async () => {
    // The DNS techniques are the ones the control resolver decides (D2, D3 need its answer).
    const rows: MatrixRow[] = [];
    for (const technique of TECHNIQUES_MATRIX.filter((t) => t.id === "healthy" || t.id.startsWith("dns."))) {
      const result = await runCase(lab, technique, "doh");
      rows.push(...result.rows.map((r) => ({ ...r, technique: `${r.technique} (doh)` })));
      records.push(...result.records);
      for (const record of result.records) {
        const withDns = record.targets.find((t) => t.stages.dns);
        expect(withDns?.stages.dns?.control?.resolver).toBe("doh:https://dns.google/dns-query");
      }
    }
    console.log(`\nlab matrix, control resolver over DoH:\n${formatMatrix(rows)}\n`);
    expect(rows.filter((r) => !r.ok).map((r) => `${r.technique}/${r.service}: expected ${r.expected}, got ${r.got}`)).toEqual([]);
  });

  it("produces records that validate and re-score to the same verdicts", () => {
    expect(records.length).toBeGreaterThan(50);
    for (const record of records) {
      const parsed = parseMeasurement(JSON.parse(JSON.stringify(record)));
      if (!parsed.ok) throw new Error(`record ${record.service} invalid: ${JSON.stringify(parsed.issues.slice(0, 3))}`);
      const stripped = stripVerdicts(parsed.record);
      expect(stripped.verdict).toBeNull();
      expect(scoreRecord(stripped)).toEqual(record.verdict);
      // No bodies, no free text: only the schema's fields, which the strict schema enforces.
      expect(record.source).toBe("vantage");
    }
  });
});
