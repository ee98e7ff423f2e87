// One OONI measurement (bare, df-000 + test_keys, or wrapped in the API's measurement-meta
// response) -> one Vantage v1 measurement record, validated. Pure: no I/O, no clock, no
// randomness, so importing the same measurement twice gives the same record (and id).
import { v3 as uuidv3 } from "uuid";
import { parseMeasurement, RECORD_LIMITS, type RecordIssue, type TargetResult, type ValidRecord } from "../measurement/schema";
import type { NetworkType, ServiceId } from "../measurement/vocabulary";
import { RULES_VERSION } from "../verdict";
import { catalogTargets, isMaxInput } from "./catalog";
import {
  isObject,
  OoniFormatError,
  parseAsn,
  parseCountry,
  parseStartTime,
  unwrapMeasurement,
  type JsonObject,
  type OoniJudgement,
} from "./envelope";
import { buildStages, indexEvidence, normalizeHost } from "./evidence";
import { judgeSignal } from "./nettests/signal";
import { roleOf } from "./roles";
import { judgeTelegram } from "./nettests/telegram";
import { judgeWebConnectivity, testHelperDnsControl } from "./nettests/web-connectivity";
import { judgeWhatsapp } from "./nettests/whatsapp";

/**
 * Namespace of the name-based UUIDs of imported OONI measurements. Never change it:
 * migration 0012 computes the same ids in SQL for records stored before.
 */
export const OONI_ID_NAMESPACE = "66dea863-b3d7-465f-b3c3-6f75c1ba89df";

/** Why a measurement was not turned into a record; the importer counts these. */
export type SkipReason =
  | "other_test" // a test type (or web_connectivity input) Vantage does not import
  | "not_a_measurement" // JSON that is no OONI measurement (no test_name / test_keys)
  | "bad_envelope" // unreadable probe_cc, probe_asn or measurement_start_time
  | "no_target_evidence" // the measurement holds no result for any Vantage target
  | "unreliable" // a test version OONI's spec says not to trust for that period
  | "invalid_record"; // the mapped record failed the v1 schema (a bug or an extreme input)

export type MapResult =
  | { ok: true; record: ValidRecord }
  | { ok: false; reason: SkipReason; message: string; issues?: RecordIssue[] };

interface NettestMapping {
  service: ServiceId;
  judge: (testKeys: JsonObject) => OoniJudgement;
}

const NETTESTS: Readonly<Record<string, NettestMapping>> = {
  whatsapp: { service: "whatsapp", judge: judgeWhatsapp },
  telegram: { service: "telegram", judge: judgeTelegram },
  signal: { service: "signal", judge: judgeSignal },
  web_connectivity: { service: "max", judge: judgeWebConnectivity },
};

const skip = (reason: SkipReason, message: string): MapResult => ({ ok: false, reason, message });
const str = (v: unknown): string | null => (typeof v === "string" && v.trim() !== "" ? v.trim() : null);
const clip = (s: string, max: number) => (s.length > max ? s.slice(0, max) : s);

/** What identifies one OONI measurement, whatever form it arrived in (bucket file, API meta response). */
export interface OoniIdentity {
  /** report_id as stored (clipped to 256 characters); null when absent. */
  report_id: string | null;
  /** input as stored (clipped to 2048 characters); null when the test takes none. */
  input: string | null;
  /** measurement_start_time, normalised: ISO-8601 UTC with milliseconds (Date#toISOString). */
  started_at: string;
  test_name: string;
}

/**
 * The record id, derived from the measurement's own content: a name-based UUID (v3, MD5,
 * so PostgreSQL can compute it too: migration 0012) of report id, input, start time and
 * nettest. Never of measurement_uid, which only the API's forms carry: the same
 * measurement read from a bucket file and from the API is one record.
 */
export function ooniRecordId(m: OoniIdentity): string {
  return uuidv3(`ooni:${m.report_id ?? ""}\n${m.input ?? ""}\n${m.started_at}\n${m.test_name}`, OONI_ID_NAMESPACE);
}

function hostOf(url: string | null): string | null {
  try {
    return url ? normalizeHost(new URL(url).hostname) : null;
  } catch {
    return null;
  }
}

/** OONI's annotations.network_type: "mobile" is mobile; "wifi" and wired links are fixed access. */
function networkType(annotations: unknown): NetworkType | null {
  const t = isObject(annotations) ? str(annotations.network_type)?.toLowerCase() : null;
  if (t === "mobile") return "mobile";
  if (t === "wifi" || t === "wired" || t === "ethernet") return "fixed";
  return null;
}

/**
 * ts-029: Signal changed the CA of at least one endpoint; test version 0.2.0 measurements
 * after 2022-10-19 show certificate errors that "cannot be trusted" (ooni/probe#2344).
 */
function unreliableReason(testName: string, testVersion: string | null, startedAt: string): string | null {
  if (testName === "signal" && testVersion === "0.2.0" && startedAt >= "2022-10-19") {
    return "signal test version 0.2.0 after 2022-10-19: certificate results cannot be trusted (ts-029)";
  }
  return null;
}

/** OONI's judgement: the API's flags where the meta response gives them, else derived from test_keys per the spec. */
function judgement(api: OoniJudgement | null, derived: OoniJudgement): OoniJudgement {
  return {
    anomaly: api?.anomaly ?? derived.anomaly,
    confirmed: api?.confirmed ?? derived.confirmed,
    failure: api?.failure ?? derived.failure,
  };
}

export function mapOoniMeasurement(value: unknown): MapResult {
  let unwrapped;
  try {
    unwrapped = unwrapMeasurement(value);
  } catch (error) {
    if (error instanceof OoniFormatError) return skip("not_a_measurement", error.message);
    throw error;
  }
  const { measurement: m, meta } = unwrapped;
  const testName = str(m.test_name);
  if (!testName || !isObject(m.test_keys)) return skip("not_a_measurement", "no test_name or test_keys: not an OONI measurement");
  const nettest = NETTESTS[testName];
  if (!nettest) return skip("other_test", `test "${testName}" is not imported`);
  const input = typeof m.input === "string" ? m.input : null;
  if (testName === "web_connectivity" && !isMaxInput(input)) return skip("other_test", "web_connectivity input is not a Max host");

  const cc = parseCountry(m.probe_cc);
  const asn = parseAsn(m.probe_asn);
  const startedAt = parseStartTime(m.measurement_start_time);
  if (cc === null) return skip("bad_envelope", `probe_cc ${JSON.stringify(m.probe_cc)} is not a two-letter country code`);
  if (asn === null) return skip("bad_envelope", `probe_asn ${JSON.stringify(m.probe_asn)} is not an AS number`);
  if (startedAt === null) {
    return skip("bad_envelope", `measurement_start_time ${JSON.stringify(m.measurement_start_time)} is not "YYYY-MM-DD HH:MM:SS"`);
  }

  const unreliable = unreliableReason(testName, str(m.test_version), startedAt);
  if (unreliable) return skip("unreliable", unreliable);

  const testKeys = m.test_keys;
  const evidence = indexEvidence(testKeys);
  const control = testName === "web_connectivity" ? testHelperDnsControl(testKeys) : null;
  const inputHost = control ? hostOf(input) : null;
  const targets: TargetResult[] = [];
  for (const t of catalogTargets(nettest.service)) {
    // A DNS-only status lookup is no endpoint: it is never scored (lib/ooni/roles.ts).
    if (roleOf(testName, t.host) !== "endpoint") continue;
    const stages = buildStages(evidence, t);
    if (!stages) continue;
    if (control && stages.dns && normalizeHost(t.host) === inputHost) stages.dns = { ...stages.dns, control };
    targets.push({ id: t.id, component: t.component, host: t.host, port: t.port, stages });
    if (targets.length >= RECORD_LIMITS.targets) break;
  }
  if (targets.length === 0) return skip("no_target_evidence", `no result for any ${nettest.service} target in test_keys`);

  const measurementUid = meta?.measurement_uid ?? str(m.measurement_uid);
  const reportId = str(m.report_id);
  const testVersion = str(m.test_version);
  const storedReportId = reportId ? clip(reportId, 256) : null;
  const storedInput = input ? clip(input, 2048) : null;
  const storedTestName = clip(testName, 64);
  const id = ooniRecordId({
    report_id: storedReportId,
    input: storedInput,
    started_at: new Date(startedAt).toISOString(),
    test_name: storedTestName,
  });
  const runtime = typeof m.test_runtime === "number" && Number.isFinite(m.test_runtime) && m.test_runtime > 0 ? m.test_runtime : 0;
  const networkName = str(m.probe_network_name);

  const record = {
    v: 1 as const,
    id,
    source: "ooni" as const,
    probe: {
      // OONI reports have no stable probe identity: imported data never counts towards a quorum.
      id: null,
      cc,
      asn,
      asn_name: networkName ? clip(networkName, 128) : null,
      region: null,
      network_type: networkType(m.annotations),
      owner: null,
    },
    round_id: clip(`ooni:${reportId ?? measurementUid ?? id}`, 128),
    service: nettest.service,
    started_at: startedAt,
    runtime_ms: Math.min(3_600_000, Math.round(runtime * 1000)),
    software: {
      name: clip(str(m.software_name) ?? "unknown", RECORD_LIMITS.stringLength),
      version: clip(str(m.software_version) ?? "unknown", RECORD_LIMITS.stringLength),
    },
    rules_version: RULES_VERSION,
    targets_version: clip(`ooni-${testName}-${testVersion ?? "unknown"}`, RECORD_LIMITS.stringLength),
    // OONI measured no controls: "not measured", never read as ok.
    controls: null,
    targets,
    ooni: {
      measurement_uid: measurementUid ? clip(measurementUid, 128) : null,
      report_id: storedReportId,
      input: storedInput,
      test_name: storedTestName,
      test_version: testVersion ? clip(testVersion, 32) : null,
      ...judgement(meta?.judgement ?? null, nettest.judge(testKeys)),
    },
  };
  const parsed = parseMeasurement(record);
  if (!parsed.ok) {
    const first = parsed.issues[0];
    return { ok: false, reason: "invalid_record", message: `${first.path || "(record)"}: ${first.message}`, issues: parsed.issues };
  }
  return { ok: true, record: parsed.record };
}
