// Human-readable progress and summary lines of an OONI import (pure formatting).
import type { ImportSummary, Problem } from "./importer";

const n = (x: number) => x.toLocaleString("en-US");

export const SKIP_REASON_TEXT: Readonly<Record<string, string>> = {
  other_test: "other test (not whatsapp, telegram, signal, or web_connectivity of a Max host)",
  malformed_json: "malformed JSON",
  not_a_measurement: "not an OONI measurement",
  bad_envelope: "unreadable probe_cc, probe_asn or measurement_start_time",
  no_target_evidence: "no result for any target (e.g. the test itself failed)",
  invalid_record: "mapped record failed validation",
  unreliable: "test version OONI's spec says not to trust (signal 0.2.0 after 2022-10-19)",
  conflict: "id already stored with different content",
};

export function skippedTotal(s: ImportSummary): number {
  return Object.values(s.skipped).reduce((a, b) => a + (b ?? 0), 0);
}

export function rate(s: ImportSummary): number {
  return s.elapsedMs > 0 ? (s.read * 1000) / s.elapsedMs : 0;
}

export function formatProgress(s: ImportSummary, dryRun: boolean): string {
  const done = dryRun ? `${n(s.valid)} valid` : `${n(s.imported)} imported, ${n(s.alreadyPresent)} already present`;
  return `ooni import: ${n(s.read)} read, ${done}, ${n(skippedTotal(s))} skipped (${n(Math.round(rate(s)))}/s)`;
}

export function formatSummary(s: ImportSummary, dryRun: boolean): string {
  const lines = [
    dryRun ? "OONI import (dry run: mapped and validated, nothing stored)" : "OONI import",
    `  files:            ${n(s.files)}${s.unreadableFiles ? ` (${n(s.unreadableFiles)} not read to the end)` : ""}`,
    `  read:             ${n(s.read)}`,
  ];
  if (dryRun) {
    lines.push(`  valid:            ${n(s.valid)}`);
    const classes = Object.entries(s.classes).map(([k, v]) => `${k} ${n(v)}`).join(", ");
    if (classes) lines.push(`  Vantage classes:  ${classes}`);
  } else {
    lines.push(`  imported:         ${n(s.imported)}`);
  }
  lines.push(`  already present:  ${n(s.alreadyPresent)}`);
  lines.push(`  skipped:          ${n(skippedTotal(s))}`);
  for (const [reason, count] of Object.entries(s.skipped).sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))) {
    lines.push(`    ${n(count ?? 0).padStart(8)}  ${SKIP_REASON_TEXT[reason] ?? reason}`);
  }
  lines.push(`  time:             ${(s.elapsedMs / 1000).toFixed(1)} s (${n(Math.round(rate(s)))} measurements/s)`);
  return lines.join("\n");
}

export function formatProblem(p: Problem): string {
  return `${p.file}${p.line !== null ? `:${p.line}` : ""}: ${p.reason}: ${p.message}`;
}
