// Checks incoming observations and reduces each to the compact form the detector keeps.
import { SERVICE_STATUSES, SERVICES, TECHNIQUES, VERDICT_CLASSES } from "../measurement/vocabulary";
import type { ServiceId, ServiceStatus, Technique } from "../measurement/vocabulary";
import type { RoundObservation } from "./types";

/** What the detector keeps of one observation. */
export interface CompactObservation {
  id: string;
  probeId: string;
  owner: string;
  region: string | null;
  atMs: number;
  status: ServiceStatus;
  technique: Technique | null;
  allowlist: boolean;
  kbps: number | null;
}

const STATUS_SET = new Set<string>(SERVICE_STATUSES);
const SERVICE_SET = new Set<string>(SERVICES);
const TECHNIQUE_SET = new Set<string>(TECHNIQUES);
const CLASS_SET = new Set<string>(VERDICT_CLASSES);

function fail(index: number, field: string, message: string): never {
  throw new Error(`observation ${index}: "${field}" ${message}`);
}

function nonEmpty(o: Record<string, unknown>, index: number, field: string): string {
  const v = o[field];
  if (typeof v !== "string" || v.length === 0) fail(index, field, "must be a non-empty string");
  return v;
}

/** Validates one observation (index names it in errors) and returns its time in ms. */
export function checkObservation(input: unknown, index: number): number {
  if (typeof input !== "object" || input === null) throw new Error(`observation ${index}: must be an object`);
  const o = input as Record<string, unknown>;
  nonEmpty(o, index, "measurementId");
  nonEmpty(o, index, "probeId");
  nonEmpty(o, index, "owner");
  const cc = nonEmpty(o, index, "cc");
  if (!/^[A-Z]{2}$/.test(cc)) fail(index, "cc", `must be two capital letters, got "${cc}"`);
  if (!Number.isInteger(o.asn) || (o.asn as number) < 0) fail(index, "asn", "must be a non-negative integer");
  if (o.region !== null && o.region !== undefined && typeof o.region !== "string") fail(index, "region", "must be a string or null");
  if (!SERVICE_SET.has(o.service as string)) fail(index, "service", `must be one of ${SERVICES.join(", ")}`);
  if (!STATUS_SET.has(o.status as string)) fail(index, "status", `must be one of ${SERVICE_STATUSES.join(", ")}`);
  if (!CLASS_SET.has(o.class as string)) fail(index, "class", `must be one of ${VERDICT_CLASSES.join(", ")}`);
  if (o.technique !== null && o.technique !== undefined && !TECHNIQUE_SET.has(o.technique as string)) {
    fail(index, "technique", `must be null or one of ${TECHNIQUES.join(", ")}`);
  }
  if (typeof o.allowlist !== "boolean") fail(index, "allowlist", "must be a boolean");
  const kbps = o.throughputKbps;
  if (kbps !== null && kbps !== undefined && (typeof kbps !== "number" || !Number.isFinite(kbps) || kbps < 0)) {
    fail(index, "throughputKbps", "must be a finite number >= 0 or null");
  }
  const at = o.at;
  const atMs = at instanceof Date ? at.getTime() : typeof at === "string" ? Date.parse(at) : NaN;
  if (!Number.isFinite(atMs)) fail(index, "at", "must be a Date or an ISO timestamp");
  return atMs;
}

export function compactObservation(o: RoundObservation, atMs: number): CompactObservation {
  return {
    id: o.measurementId,
    probeId: o.probeId,
    owner: o.owner,
    region: o.region ?? null,
    atMs,
    status: o.status,
    technique: o.technique ?? null,
    allowlist: o.allowlist,
    kbps: o.throughputKbps ?? null,
  };
}

/** Key of the network an observation belongs to. */
export function networkKey(service: ServiceId, cc: string, asn: number): string {
  return `${service}|${cc}|${asn}`;
}

/** Deterministic order inside a bucket, whatever order the data arrived in. */
export function compareCompact(a: CompactObservation, b: CompactObservation): number {
  if (a.probeId !== b.probeId) return a.probeId < b.probeId ? -1 : 1;
  if (a.atMs !== b.atMs) return a.atMs - b.atMs;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export const NO_EVIDENCE_STATUSES: ReadonlySet<ServiceStatus> = new Set(["inconclusive", "error"]);
export const FAILING_STATUSES: ReadonlySet<ServiceStatus> = new Set(["blocked", "partial", "throttled"]);
