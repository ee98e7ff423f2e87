// The measurement record, version 1: the one contract between the probe, the API, the
// OONI importer and the demo seeder. Everything the verdict rules read is in here, so the
// server can re-score any record on its own. Verdicts a producer attaches are advisory:
// the server recomputes them (see lib/verdict).
import { z } from "zod";
import {
  BODY_KINDS,
  FAILURES,
  GRADES,
  NETWORK_TYPES,
  RULE_IDS,
  SERVICE_STATUSES,
  SERVICES,
  SOURCES,
  STAGES,
  TARGET_VERDICTS,
  TECHNIQUES,
  VERDICT_CLASSES,
} from "./vocabulary";

export const MEASUREMENT_SCHEMA_VERSION = 1 as const;

/** Limits that keep one record bounded (a record over them is refused, naming the field). */
export const RECORD_LIMITS = {
  targets: 256,
  addressesPerAnswer: 32,
  throughputSamples: 512,
  stringLength: 256,
} as const;

const shortString = z.string().min(1).max(RECORD_LIMITS.stringLength);
const ms = z.number().finite().min(0).max(3_600_000);
const ip = z.union([z.ipv4(), z.ipv6()]);
const port = z.number().int().min(1).max(65535);
/** A timestamp with an explicit offset; normalised to UTC by `parseMeasurement`. */
const timestamp = z.iso.datetime({ offset: true });

/**
 * The earliest start time a record may carry: 2012-01-01T00:00:00Z, before OONI's first
 * published measurements, so every importable record fits and an unset probe clock (1970)
 * or a year-1 date is refused instead of stretching every range, rollup and partition.
 */
export const MEASUREMENT_TIME_FLOOR = new Date("2012-01-01T00:00:00Z");
/** How far past the server's clock a start time may lie (probe clocks drift): 10 minutes. */
export const MAX_CLOCK_AHEAD_MS = 10 * 60_000;

/** A measurement's start: a timestamp between the floor and a few minutes past now. */
const startTime = timestamp.superRefine((text, ctx) => {
  const t = Date.parse(text);
  if (!(t >= MEASUREMENT_TIME_FLOOR.getTime())) {
    ctx.addIssue({ code: "custom", message: `must not be before ${MEASUREMENT_TIME_FLOOR.toISOString()} (is the probe's clock set?)` });
  } else if (t > Date.now() + MAX_CLOCK_AHEAD_MS) {
    ctx.addIssue({ code: "custom", message: `must not be more than ${MAX_CLOCK_AHEAD_MS / 60_000} minutes past the server's clock (${new Date().toISOString()})` });
  }
});

export const failureSchema = z.enum(FAILURES).nullable();

export const resolverAnswerSchema = z.strictObject({
  /** "system", "doh:<url>" or "<ip>:<port>"; never the volunteer's own address. */
  resolver: shortString,
  addrs: z.array(ip).max(RECORD_LIMITS.addressesPerAnswer),
  failure: failureSchema,
  t_ms: ms.nullable(),
  /** Id of a known injected answer (lib/fingerprints) an address matched; absent or null when none. */
  fingerprint: z.string().regex(/^[a-z0-9_.-]{1,64}$/).nullable().optional(),
});
export type ResolverAnswer = z.infer<typeof resolverAnswerSchema>;

export const dnsStageSchema = z.strictObject({
  system: resolverAnswerSchema,
  /** Null when no independent resolver was asked (imported data). */
  control: resolverAnswerSchema.nullable(),
});

export const tcpStageSchema = z.strictObject({
  ip,
  port,
  failure: failureSchema,
  t_ms: ms.nullable(),
});

export const tlsHandshakeSchema = z.strictObject({
  sni: shortString,
  failure: failureSchema,
  t_ms: ms.nullable(),
});

export const tlsStageSchema = tlsHandshakeSchema.extend({
  ip: ip.nullable(),
  port: port.nullable(),
  /**
   * The second handshake to the same address with a neutral SNI and the certificate
   * check off; present only when the first handshake failed. Tells an SNI trigger (S1)
   * from an address block (S2).
   */
  neutral: tlsHandshakeSchema.nullable(),
});

export const httpStageSchema = z.strictObject({
  method: z.enum(["GET", "POST", "HEAD"]),
  url: z.string().url().max(RECORD_LIMITS.stringLength),
  status: z.number().int().min(100).max(599).nullable(),
  bytes: z.number().int().min(0),
  ttfb_ms: ms.nullable(),
  t_ms: ms.nullable(),
  failure: failureSchema,
  /** Id of a known block page the body matched; the body itself is never kept. */
  fingerprint: z.string().regex(/^[a-z0-9_.-]{1,64}$/).nullable(),
  /** Media type of the response (Content-Type without parameters, lowercase); absent from older probes. */
  content_type: z.string().regex(/^[a-z0-9!#$&^_.+-]{1,63}\/[a-z0-9!#$&^_.+-]{1,63}$/).nullable().optional(),
  /** What the body looks like from its first bytes; absent from older probes. */
  body_kind: z.enum(BODY_KINDS).nullable().optional(),
});

export const wsStageSchema = z.strictObject({
  url: z.string().url().max(RECORD_LIMITS.stringLength),
  /** HTTP status of the upgrade response (101 when it succeeded). */
  status: z.number().int().min(100).max(599).nullable(),
  t_ms: ms.nullable(),
  failure: failureSchema,
});

/** One download: cumulative bytes over time, so stalls and policing can be told apart. */
export const transferSchema = z.strictObject({
  url: z.string().url().max(RECORD_LIMITS.stringLength),
  bytes: z.number().int().min(0),
  /** Size the server announced, when it did. */
  expected_bytes: z.number().int().min(0).nullable(),
  t_ms: ms,
  complete: z.boolean(),
  failure: failureSchema,
  /** [ms since request, cumulative body bytes] */
  samples: z.array(z.tuple([ms, z.number().int().min(0)])).max(RECORD_LIMITS.throughputSamples),
});
export type Transfer = z.infer<typeof transferSchema>;

export const throughputStageSchema = transferSchema.extend({
  /** The neutral control object fetched in the same round; null when not measured. */
  control: transferSchema.nullable(),
  /** The probe's own baseline median for this target in kbit/s, when it has one. */
  baseline_kbps: z.number().finite().min(0).nullable(),
});

export const stagesSchema = z.strictObject({
  dns: dnsStageSchema.optional(),
  tcp: tcpStageSchema.optional(),
  tls: tlsStageSchema.optional(),
  http: httpStageSchema.optional(),
  ws: wsStageSchema.optional(),
  throughput: throughputStageSchema.optional(),
});
export type Stages = z.infer<typeof stagesSchema>;

export const targetResultSchema = z.strictObject({
  /** Stable id from the targets file, e.g. "whatsapp.endpoint.e1.443". */
  id: z.string().regex(/^[a-z0-9_.:-]{1,128}$/),
  /** Component the target counts towards (e.g. "endpoints", "registration", "dc:149.154.175.50"). */
  component: z.string().regex(/^[a-z0-9_.:-]{1,64}$/),
  host: z.string().max(253).nullable(),
  port: port.nullable(),
  stages: stagesSchema,
});
export type TargetResult = z.infer<typeof targetResultSchema>;

export const controlResultSchema = z.strictObject({
  host: z.string().max(253),
  failure: failureSchema,
  /** The stage the control failed at, when it failed. */
  stage: z.enum(STAGES).nullable(),
  t_ms: ms.nullable(),
});
export type ControlResult = z.infer<typeof controlResultSchema>;

export const controlsSchema = z.strictObject({
  domestic: controlResultSchema,
  foreign: controlResultSchema,
});
export type Controls = z.infer<typeof controlsSchema>;

export const targetVerdictSchema = z.strictObject({
  target: z.string(),
  component: z.string(),
  verdict: z.enum(TARGET_VERDICTS),
  grade: z.enum(GRADES).nullable(),
  rule: z.enum(RULE_IDS).nullable(),
  stage: z.enum(STAGES).nullable(),
  failure: failureSchema,
  /** "sni", "address", "interception" for TLS causes; "allowlist" when the round is. */
  detail: z.string().max(32).nullable(),
});
export type TargetVerdict = z.infer<typeof targetVerdictSchema>;

export const componentVerdictSchema = z.strictObject({
  name: z.string(),
  status: z.enum(["ok", "blocked", "throttled", "failed", "not_measured"]),
});

export const serviceVerdictSchema = z.strictObject({
  status: z.enum(SERVICE_STATUSES),
  class: z.enum(VERDICT_CLASSES),
  technique: z.enum(TECHNIQUES).nullable(),
  /** Rule that decided the status (the earliest cause of the most severe target). */
  rule: z.enum(RULE_IDS).nullable(),
  /**
   * Stage of that cause, carried from its finding (a failed WebSocket upgrade is `ws`
   * though its rule is H2/H4); null when ok or no cause. The one definition of a round's
   * stage: rollups, the API's `stage` filter and pages read it. Optional on input so a
   * producer's older advisory verdict still validates; the server always sets it.
   */
  stage: z.enum(STAGES).nullable().default(null),
  allowlist: z.boolean(),
  rules_version: z.string(),
  components: z.array(componentVerdictSchema),
  targets: z.array(targetVerdictSchema),
});
export type ServiceVerdict = z.infer<typeof serviceVerdictSchema>;

export const probeInfoSchema = z.strictObject({
  /** Probe id; null for imported data, which has no stable probe identity. */
  id: z.string().max(64).nullable(),
  cc: z.string().regex(/^[A-Z]{2}$/),
  asn: z.number().int().min(0).max(4_294_967_295),
  asn_name: z.string().max(128).nullable().optional(),
  region: z.string().max(64).nullable().optional(),
  network_type: z.enum(NETWORK_TYPES).nullable().optional(),
  /** Owner id, for quorum counting (probes of distinct owners). */
  owner: z.string().max(64).nullable().optional(),
});

export const ooniProvenanceSchema = z.strictObject({
  measurement_uid: z.string().max(128).nullable(),
  report_id: z.string().max(256).nullable(),
  input: z.string().max(2048).nullable(),
  test_name: z.string().max(64),
  test_version: z.string().max(32).nullable(),
  /** OONI's own judgement, kept beside Vantage's. */
  anomaly: z.boolean().nullable(),
  confirmed: z.boolean().nullable(),
  failure: z.boolean().nullable(),
});

export const measurementRecordSchema = z.strictObject({
  v: z.literal(MEASUREMENT_SCHEMA_VERSION),
  /** UUID (v7 from Vantage probes) unique per record; the idempotency key. */
  id: z.uuid(),
  source: z.enum(SOURCES),
  probe: probeInfoSchema,
  round_id: z.string().min(1).max(128),
  service: z.enum(SERVICES),
  started_at: startTime,
  runtime_ms: ms,
  software: z.strictObject({ name: shortString, version: shortString }),
  rules_version: shortString,
  targets_version: shortString,
  /** Null when controls were not measured (imported OONI data): never read as ok. */
  controls: controlsSchema.nullable(),
  targets: z.array(targetResultSchema).min(1).max(RECORD_LIMITS.targets),
  /** The producer's own verdict; advisory only, the server re-scores. */
  verdict: serviceVerdictSchema.nullable().optional(),
  ooni: ooniProvenanceSchema.nullable().optional(),
});
export type MeasurementRecord = z.infer<typeof measurementRecordSchema>;

/** A record that passed validation, with `started_at` normalised to UTC ISO form. */
export type ValidRecord = MeasurementRecord & { started_at: string };

export interface RecordIssue {
  /** Index of the record in its batch. */
  index: number;
  /** Dotted path of the bad field inside the record, e.g. "targets.3.stages.tcp.port". */
  path: string;
  message: string;
}

export function formatIssuePath(path: readonly PropertyKey[]): string {
  return path.map((p) => String(p)).join(".");
}

/** Validates one record; returns the normalised record or the list of issues. */
export function parseMeasurement(
  input: unknown,
  index = 0,
): { ok: true; record: ValidRecord } | { ok: false; issues: RecordIssue[] } {
  const parsed = measurementRecordSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((i) => ({ index, path: formatIssuePath(i.path), message: i.message })),
    };
  }
  const record = parsed.data;
  const started = new Date(record.started_at);
  return { ok: true, record: { ...record, started_at: started.toISOString() } };
}
