// Measurement records for scenario observations (lib/scenarios), shared by the tests that
// feed known ground truth through the store.
import type { RoundObservation } from "../../lib/detect/types";
import type { MeasurementRecord } from "../../lib/measurement/schema";
import type { ServiceId } from "../../lib/measurement/vocabulary";
import { failedControl, okTargets, record, tcp } from "../unit/fixtures/records";

/**
 * A small record the server's rules score as the observation's status: two WhatsApp
 * targets that work, time out at TCP (blocked, technique tcp), or with both controls
 * failed (inconclusive; the scenarios' `error` rounds become inconclusive too). `owner`: for
 * records stored without an enrolled probe (the store then takes the owner from the record).
 */
export function scenarioRecord(o: RoundObservation, probeId: string, owner: string | null = null): MeasurementRecord {
  const service = o.service as ServiceId;
  const targets = okTargets(service, { throughput: false }).slice(0, 2);
  const failing = o.status === "blocked" || o.status === "partial" || o.status === "throttled";
  const noEvidence = o.status === "inconclusive" || o.status === "error";
  const stages = failing ? targets.map((t) => ({ ...t, stages: { dns: t.stages.dns, tcp: tcp(t.stages.tcp!.ip, t.stages.tcp!.port, "generic_timeout_error") } })) : targets;
  return record(service, stages, {
    started_at: new Date(o.at).toISOString(),
    round_id: `${o.measurementId}`,
    probe: { id: probeId, cc: o.cc, asn: o.asn, asn_name: null, region: o.region, network_type: o.networkType ?? "fixed", owner },
    ...(noEvidence ? { controls: { domestic: failedControl("ya.ru"), foreign: failedControl("www.wikipedia.org") } } : {}),
  });
}

