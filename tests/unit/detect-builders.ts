// Builders of synthetic round observations for the detector's unit tests.
import type { RoundObservation } from "../../lib/detect/types";
import type { ServiceId, ServiceStatus, Technique } from "../../lib/measurement/vocabulary";

export const T0 = Date.UTC(2026, 1, 2);
export const MIN = 60_000;
export const BUCKET = 10 * MIN;

export interface P {
  probe: string;
  owner: string;
  asn?: number;
  cc?: string;
  region?: string;
  reference?: boolean;
}

export interface Round {
  status: ServiceStatus;
  kbps?: number | null;
  technique?: Technique | null;
}

export function iso(bucket: number): string {
  return new Date(T0 + bucket * BUCKET).toISOString();
}

/** One round per probe per 10-minute bucket, at minute 3 of the bucket (T0 is bucket 0). */
export function run(
  probes: P[],
  buckets: number,
  round: (p: P, bucket: number) => ServiceStatus | Round | null,
  service: ServiceId = "whatsapp",
  firstBucket = 0,
): RoundObservation[] {
  const out: RoundObservation[] = [];
  for (let b = firstBucket; b < firstBucket + buckets; b++) {
    for (const p of probes) {
      const r0 = round(p, b);
      if (r0 === null) continue;
      const r: Round = typeof r0 === "string" ? { status: r0 } : r0;
      const s = r.status;
      out.push({
        measurementId: `${service}-${p.probe}-${b}`,
        probeId: p.probe,
        owner: p.owner,
        cc: p.cc ?? "RU",
        asn: p.asn ?? 12389,
        region: p.region ?? "Moscow",
        networkType: "fixed",
        service,
        at: new Date(T0 + b * BUCKET + 3 * MIN),
        status: s,
        class: s === "ok" ? "ok" : s === "inconclusive" || s === "error" ? "failure" : "anomaly",
        technique: r.technique !== undefined ? r.technique : s === "blocked" ? "tcp" : null,
        allowlist: false,
        throughputKbps: r.kbps ?? null,
        reference: p.reference ?? false,
      });
    }
  }
  return out;
}

export function owners(n: number, asn = 12389, prefix = "o"): P[] {
  return Array.from({ length: n }, (_, i) => ({ probe: `${prefix}${asn}-p${i}`, owner: `${prefix}${asn}-${i}`, asn }));
}
