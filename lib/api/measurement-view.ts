// How stored measurements are shown by the raw-data API and the daily dumps (pure):
// OONI-style names for the shared dimensions, the server's verdict beside the raw record.
import type { ServiceVerdict } from "../measurement/schema";
import type { StoredMeasurement } from "../query/measurements";

export const MEASUREMENTS_LICENSE = {
  spdx: "CC-BY-4.0",
  url: "https://creativecommons.org/licenses/by/4.0/",
  text:
    "Vantage's own measurements (source vantage) are published under CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/); " +
    "records with source ooni were imported from OONI and keep OONI's licence and attribution; source simulated is demo data.",
} as const;

export function measurementSummary(m: StoredMeasurement) {
  return {
    measurement_id: m.id,
    started_at: m.started_at.toISOString(),
    received_at: m.received_at.toISOString(),
    test_name: m.service,
    probe_cc: m.country,
    probe_asn: m.asn,
    region: m.region,
    network_type: m.network_type,
    source: m.source,
    probe_id: m.probe_id,
    round_id: m.round_id,
    status: m.status,
    class: m.class,
    technique: m.technique,
    rule: m.rule,
    stage: m.stage,
    allowlist: m.allowlist,
    rules_version: m.rules_version,
    targets_version: m.targets_version,
    software: { name: m.software_name, version: m.software_version },
    flags: m.flags,
    /** OONI Explorer page of an imported measurement (stored at import); null for other sources. */
    ooni_url: m.ooni_url,
    url: `/api/v1/measurements/${m.id}`,
  };
}

/** Rules that fired: every target whose verdict came from a rule, in record order. */
export function rulesFired(verdict: ServiceVerdict) {
  return verdict.targets
    .filter((t) => t.rule !== null)
    .map((t) => ({
      target: t.target,
      component: t.component,
      rule: t.rule,
      verdict: t.verdict,
      grade: t.grade,
      stage: t.stage,
      failure: t.failure,
      detail: t.detail,
    }));
}

export function measurementDetail(m: StoredMeasurement, record: unknown, verdict: ServiceVerdict) {
  return {
    ...measurementSummary(m),
    verdict,
    rules_fired: rulesFired(verdict),
    record,
    license: MEASUREMENTS_LICENSE.text,
  };
}
