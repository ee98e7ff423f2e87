// The short human table the CLI prints on stderr: one line per service.
import type { MeasurementRecord } from "../lib/measurement/schema";

export function summaryTable(records: readonly MeasurementRecord[]): string {
  const rows = [["service", "verdict", "cause", "rule"]];
  for (const r of records) {
    const v = r.verdict;
    const cause = v ? (v.technique ?? (v.status === "ok" ? "-" : "")) + (v.allowlist ? " (allowlist round)" : "") : "";
    rows.push([r.service, v?.status ?? "unscored", cause || "-", v?.rule ?? "-"]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  return rows.map((row) => row.map((cell, c) => cell.padEnd(widths[c])).join("  ").trimEnd()).join("\n");
}
