// Runs one lab case: stage the technique on a fresh healthy plan, run one probe round in
// process against the lab, and compare each service's verdict with the expectation.
import type { MeasurementRecord } from "../../lib/measurement/schema";
import type { ServiceId } from "../../lib/measurement/vocabulary";
import { parseProbeConfig } from "../../probes/config";
import { runRound } from "../../probes/round";
import type { LabHandle } from "./lab-process";
import type { Expectation, LabTechnique } from "./techniques";

export interface MatrixRow {
  technique: string;
  service: ServiceId;
  expected: string;
  got: string;
  rule: string;
  ok: boolean;
}

export function describe(e: Expectation): string {
  return `${e.status}/${e.rule ?? "-"}${e.technique ? `/${e.technique}` : ""}${e.target ? ` (${e.target.id}: ${e.target.rule})` : ""}`;
}

export function compare(technique: string, service: ServiceId, expect: Expectation, record: MeasurementRecord | undefined): MatrixRow {
  const v = record?.verdict ?? null;
  const targetRule = expect.target ? v?.targets.find((t) => t.target === expect.target!.id)?.rule ?? "none" : null;
  const got = v
    ? `${v.status}/${v.rule ?? "-"}${expect.technique !== undefined ? `/${v.technique ?? "-"}` : ""}${expect.target ? ` (${expect.target.id}: ${targetRule})` : ""}`
    : "no record";
  const ok =
    !!v &&
    v.status === expect.status &&
    v.rule === expect.rule &&
    (expect.technique === undefined || v.technique === expect.technique) &&
    (!expect.target || targetRule === expect.target.rule);
  // The rule column names what fired for the service's most significant target, with its failure.
  const top = v?.targets.find((t) => t.rule === v.rule && t.verdict !== "ok");
  return { technique, service, expected: describe(expect), got, rule: top ? `${top.rule} ${top.target} ${top.failure ?? ""}`.trim() : v?.rule ?? "-", ok };
}

export async function runCase(lab: LabHandle, t: LabTechnique, controlResolver: "udp" | "doh" = "udp"): Promise<{ rows: MatrixRow[]; records: MeasurementRecord[] }> {
  const plan = lab.layout.healthyPlan();
  t.stage?.(plan, lab.layout);
  await lab.apply(plan);
  const services = Object.keys(t.expect) as ServiceId[];
  const config = parseProbeConfig(lab.layout.probeConfig(plan, lab.endpoints, { throughputMs: t.throughputMs, controlResolver }));
  const round = await runRound(config, services);
  const rows = services.map((s) => compare(t.id, s, t.expect[s]!, round.records.find((r) => r.service === s)));
  return { rows, records: round.records };
}

export function formatMatrix(rows: readonly MatrixRow[]): string {
  const header = ["technique", "service", "expected", "got", "rule fired", ""];
  const body = rows.map((r) => [r.technique, r.service, r.expected, r.got, r.rule, r.ok ? "ok" : "MISMATCH"]);
  const all = [header, ...body];
  const widths = header.map((_, c) => Math.max(...all.map((row) => row[c].length)));
  return all.map((row) => row.map((cell, c) => cell.padEnd(widths[c])).join("  ").trimEnd()).join("\n");
}
