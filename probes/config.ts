// The probe's configuration file (JSON), validated with zod. Every key has a default so
// an empty file is a valid configuration; each bad field is reported by its dotted path.
import { readFileSync } from "node:fs";
import { z } from "zod";
import { NETWORK_TYPES } from "../lib/measurement/vocabulary";
import { isIp } from "../lib/net/ip";
import { parseHostPort } from "./address-map";
import { DEFAULT_DAILY_BUDGET_BYTES } from "./budget";

const positive = (fallback: number) =>
  z.number({ error: "expected a positive number" }).finite({ error: "expected a positive number" }).positive({ error: "expected a positive number" }).default(fallback);
const nonNegative = (fallback: number) =>
  z.number({ error: "expected a number >= 0" }).finite({ error: "expected a number >= 0" }).min(0, { error: "expected a number >= 0" }).default(fallback);

const ipPort = z.string({ error: "expected \"ip:port\"" }).refine((s) => {
  const hp = parseHostPort(s);
  return hp !== null && isIp(hp.host) && hp.port !== null;
}, { error: "expected \"ip:port\" (e.g. 127.0.0.1:53 or [::1]:53)" });

const controlResolver = z.string({ error: "expected \"ip:port\" or an https:// DoH URL" }).refine((s) => {
  if (s.startsWith("https://")) {
    try {
      new URL(s);
      return true;
    } catch {
      return false;
    }
  }
  const hp = parseHostPort(s);
  return hp !== null && isIp(hp.host) && hp.port !== null;
}, { error: "expected \"ip:port\" or an https:// DoH URL" });

const controlHost = z.strictObject({
  host: z.string().min(1).max(253),
  port: z.number().int().min(1).max(65535).default(443),
  url: z.url({ protocol: /^https?$/, error: "expected an http(s) URL" }),
});

export const probeConfigSchema = z.strictObject({
  probe: z
    .strictObject({
      id: z.string().max(64).nullable().default(null),
      cc: z.string().regex(/^[A-Z]{2}$/, { error: "expected a two-letter upper-case country code" }).default("ZZ"),
      asn: z.number().int().min(0).max(4_294_967_295).default(0),
      asn_name: z.string().max(128).nullable().default(null),
      region: z.string().max(64).nullable().default(null),
      network_type: z.enum(NETWORK_TYPES).nullable().default(null),
      owner: z.string().max(64).nullable().default(null),
    })
    .prefault({}),
  timeouts: z
    .strictObject({
      dns_ms: positive(2000),
      tcp_ms: positive(3000),
      /** How long a fresh connection is watched for an injected reset before TCP counts as ok. */
      tcp_settle_ms: nonNegative(50),
      tls_ms: positive(3000),
      http_ms: positive(5000),
      ws_ms: positive(3000),
    })
    .prefault({}),
  /** Targets in flight at once. 24 keeps a round where everything is silently dropped to
   * three waves of TCP timeouts (about 9 s with defaults) for the ~60 targets. */
  concurrency: z.number().int({ error: "expected a whole number" }).min(1).max(64).default(24),
  resolvers: z
    .strictObject({
      /** null: the operating system's resolvers (/etc/resolv.conf). */
      system: ipPort.nullable().default(null),
      control: controlResolver.default("https://8.8.8.8/dns-query"),
    })
    .prefault({}),
  /** Host names or addresses (optionally :port) -> "ip:port" or "ip". */
  address_map: z
    .record(
      z.string().refine((s) => parseHostPort(s) !== null, { error: "expected a host name or address, optionally with :port" }),
      z.string().refine((s) => {
        const hp = parseHostPort(s);
        return hp !== null && isIp(hp.host);
      }, { error: "expected \"ip:port\" or \"ip\"" }),
    )
    .default({}),
  /** Refuse to connect anywhere the address map does not send us (labs and tests). */
  connect_only_mapped: z.boolean().default(false),
  /** A PEM file of extra trusted certificate authorities, added to Node's bundled roots. */
  extra_ca_file: z.string().min(1).nullable().default(null),
  /** SNI of the second, neutral handshake after a TLS failure. */
  neutral_sni: z.string().min(1).max(253).default("example.com"),
  /** Overrides the per-country controls of lib/targets. */
  controls: z.strictObject({ domestic: controlHost, foreign: controlHost }).nullable().default(null),
  throughput: z
    .strictObject({
      enabled: z.boolean().default(true),
      max_bytes: z.number().int().positive().max(262_144, { error: "at most 262144 (256 KiB)" }).default(262_144),
      max_ms: positive(10_000).refine((n) => n <= 10_000, { error: "at most 10000" }),
      /** Bytes of throughput traffic allowed per UTC day; the stage is skipped beyond it. */
      daily_budget_bytes: z.number().int().min(0).default(DEFAULT_DAILY_BUDGET_BYTES),
      state_file: z.string().min(1).default(".data/probe-state.json"),
    })
    .prefault({}),
});
export type ProbeConfig = z.infer<typeof probeConfigSchema>;

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(issues.join("\n"));
  }
}

/** Validates a parsed config object; issues read "config.timeouts.tcp_ms: expected a positive number". */
export function parseProbeConfig(input: unknown): ProbeConfig {
  const parsed = probeConfigSchema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  throw new ConfigError(parsed.error.issues.map((i) => `${["config", ...i.path.map(String)].join(".")}: ${i.message}`));
}

export function loadProbeConfig(file: string | null): ProbeConfig {
  if (!file) return parseProbeConfig({});
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new ConfigError([`config: cannot read file ${file}`]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ConfigError([`config: ${file} is not valid JSON (${(e as Error).message})`]);
  }
  return parseProbeConfig(json);
}
