// Scenario specifications (what happens to which networks and when) and what the
// generator returns: observations with their arrival times, and the ground truth.
import type { NetworkType, ServiceId, Technique } from "../../lib/measurement/vocabulary";
import type { EventKind, RoundObservation } from "../../lib/detect/types";

export interface NetworkSpec {
  asn: number;
  networkType: NetworkType;
  regions: string[];
  /** Distinct volunteers in the network at the start. */
  owners: number;
  /** Hours after the start when this network's probes enrol, one after another over `enrolSpreadHours`. */
  enrolAtHours?: number;
  enrolSpreadHours?: number;
}

/** Times are hours from the scenario start; `to: null` lasts to the end. */
interface Span {
  from: number;
  to: number | null;
  /** ASNs affected; "all" means every network of the country. */
  asns: number[] | "all";
}

export type Effect =
  | (Span & { kind: "block"; services: ServiceId[]; technique: Technique; status?: "blocked" | "partial" })
  | (Span & { kind: "throttle"; services: ServiceId[]; factor: number })
  | (Span & { kind: "stall"; services: ServiceId[] })
  /** Foreign traffic cut wholesale: every service but the domestic one fails. */
  | (Span & { kind: "allowlist" })
  /** The service is down everywhere, reference probes abroad included. */
  | (Span & { kind: "outage"; services: ServiceId[] })
  | (Span & { kind: "flap"; services: ServiceId[]; technique: Technique; onMinutes: number; offMinutes: number })
  /** `probes` probes of distinct owners in each listed ASN send nothing. */
  | (Span & { kind: "offline"; probes: number })
  /** Both controls fail for `probes` probes per ASN (all when omitted): rounds are inconclusive. */
  | (Span & { kind: "controlOutage"; probes?: number })
  /** Noise, not an event: a brief failure (shorter than an event can be) seen by `share` of the owners. */
  | (Span & { kind: "blip"; services: ServiceId[]; technique: Technique; share: number });

export interface ScenarioSpec {
  name: string;
  description: string;
  days: number;
  cc: string;
  services: ServiceId[];
  networks: NetworkSpec[];
  /** Owners of reference probes outside the country. */
  referenceOwners: number;
  effects: Effect[];
  /** Shift every effect's start and end by up to this many hours, drawn per seed. */
  shiftHours: number;
  /** Probes joining and leaving during the scenario. */
  churn: boolean;
  /**
   * Correlated noise on top of the 2-5 % random failures: single probes with a local
   * problem for 20-120 minutes (about one episode per probe every three days), and
   * network-wide blips of 5-20 minutes (about one per network every two days).
   */
  correlatedNoise: boolean;
  /**
   * Daily throughput budget of the probes that measure throughput, applied as the daemon
   * applies it (probes/budget.ts): bytes per UTC day, or null for none (throughput in every
   * round). Default null.
   */
  dailyBudgetBytes?: number | null;
}

export interface TruthEvent {
  service: ServiceId;
  cc: string;
  asn: number;
  kind: EventKind;
  technique: Technique;
  start: string;
  /** Null when the event lasts to the end of the scenario. */
  end: string | null;
  /** When a quorum of owners could first see it (later than start when the probes enrolled during it). */
  observableStart: string;
  /** False when the network never has enough owners: the detector must say unknown, not report it. */
  detectable: boolean;
}

export interface TruthCountryEvent {
  service: ServiceId;
  cc: string;
  kind: EventKind;
  start: string;
  end: string | null;
  asns: number[];
}

export interface GeneratedScenario {
  name: string;
  seed: number;
  start: string;
  end: string;
  /** In round order. */
  observations: RoundObservation[];
  /** When the server received each observation (ms), parallel to `observations`. */
  receivedAtMs: number[];
  truth: TruthEvent[];
  countryTruth: TruthCountryEvent[];
  /** In-country probes and their active months summed, for false events per probe-month. */
  probeCount: number;
  probeMonths: number;
  failureRate: number;
}
