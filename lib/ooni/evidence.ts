// Reads the per-operation lists of OONI's test_keys (df-001 requests, df-002 queries,
// df-005 tcp_connect, df-006 tls_handshakes) and builds Vantage stage results for one
// endpoint. Response bodies and certificates are read only for their size, fingerprints and
// kind (lib/verdict/profile.ts), never kept.
import { isIP } from "node:net";
import { RECORD_LIMITS, type Stages } from "../measurement/schema";
import type { BodyKind, Failure } from "../measurement/vocabulary";
import { mediaType, sniffBodyKind, SNIFF_BYTES } from "../verdict/profile";
import { isObject, type JsonObject } from "./envelope";
import { normalizeFailure, stageOfFailure } from "./failure";
import { blockingFingerprints, type FingerprintSet } from "../fingerprints";

type DnsStage = NonNullable<Stages["dns"]>;
type TcpStage = NonNullable<Stages["tcp"]>;
type TlsStage = NonNullable<Stages["tls"]>;
type HttpStage = NonNullable<Stages["http"]>;

interface Query { host: string; failure: Failure | null; addrs: string[]; ms: number | null; fingerprint: string | null }
interface Connect { ip: string; port: number; failure: Failure | null; ms: number | null }
interface Handshake { sni: string; ip: string | null; port: number | null; failure: Failure | null; ms: number | null }
interface Request {
  url: string;
  method: string;
  status: number | null;
  bytes: number;
  failure: Failure | null;
  ms: number | null;
  /** Where a 3xx response sends the client (absolute, normalised); null otherwise. */
  location: string | null;
  /** Id of the known block page (lib/fingerprints) the body or headers matched; the body itself is never kept. */
  fingerprint: string | null;
  /** Media type of the response and the kind of its body (H6 reads them); null without a response. */
  content_type: string | null;
  body_kind: BodyKind | null;
}

const list = (v: unknown): JsonObject[] => (Array.isArray(v) ? v.filter(isObject) : []);
const MAX_MS = 3_600_000;

/** Duration of one operation: OONI's `t` is when it ended, `t0` (newer probes) when it began. */
function durationMs(entry: JsonObject): number | null {
  const t = entry.t;
  const t0 = entry.t0;
  if (typeof t !== "number" || typeof t0 !== "number" || !Number.isFinite(t) || !Number.isFinite(t0) || t < t0) return null;
  return Math.min(MAX_MS, Math.round((t - t0) * 1000 * 1000) / 1000);
}

export function normalizeHost(host: string): string {
  return host.trim().toLowerCase().replace(/\.$/, "");
}

/** "1.2.3.4:443" / "[2001:db8::1]:443" -> parts; null when unreadable. */
export function splitAddress(address: unknown): { ip: string; port: number } | null {
  if (typeof address !== "string") return null;
  const m = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(address.trim());
  if (!m || !isIP(m[1])) return null;
  const port = Number(m[2]);
  return port >= 1 && port <= 65535 ? { ip: m[1], port } : null;
}

/** The body as text, for fingerprint matching only (df-001: a string, or base64 data for binary bodies). */
function bodyText(body: unknown): string | null {
  if (typeof body === "string") return body;
  if (isObject(body) && typeof body.data === "string") {
    return body.format === "base64" ? Buffer.from(body.data, "base64").toString("utf8") : body.data;
  }
  return null;
}

/** Response headers by lowercase name (the headers object, else df-001's headers_list). */
function headerMap(response: JsonObject): Map<string, string> {
  const map = new Map<string, string>();
  if (Array.isArray(response.headers_list)) {
    for (const h of response.headers_list) if (Array.isArray(h) && typeof h[1] === "string") map.set(String(h[0]).toLowerCase(), h[1]);
  }
  if (isObject(response.headers)) {
    for (const [k, v] of Object.entries(response.headers)) if (typeof v === "string") map.set(k.toLowerCase(), v);
  }
  return map;
}

/** The first bytes of the body, for sniffing its kind. */
function bodyHead(body: unknown): Buffer {
  if (typeof body === "string") return Buffer.from(body.slice(0, SNIFF_BYTES), "utf8");
  if (isObject(body) && typeof body.data === "string") {
    if (body.format === "base64") return Buffer.from(body.data.replace(/\s+/g, "").slice(0, Math.ceil(SNIFF_BYTES / 3) * 4), "base64");
    return Buffer.from(body.data.slice(0, SNIFF_BYTES), "utf8");
  }
  return Buffer.alloc(0);
}

function bodyBytes(body: unknown): number {
  if (typeof body === "string") return Buffer.byteLength(body, "utf8");
  if (isObject(body) && typeof body.data === "string") {
    if (body.format === "base64") {
      const data = body.data.replace(/\s+/g, "");
      const padding = data.endsWith("==") ? 2 : data.endsWith("=") ? 1 : 0;
      return Math.max(0, Math.floor((data.length * 3) / 4) - padding);
    }
    return Buffer.byteLength(body.data, "utf8");
  }
  return 0;
}

/** A URL made comparable: lowercase scheme and host, no default port, "/" for an empty path. */
export function normalizeUrl(url: string): string | null {
  try {
    const u = new URL(url);
    u.hash = "";
    return u.toString();
  } catch {
    return null;
  }
}

export interface EvidenceIndex {
  queries: Query[];
  connects: Connect[];
  handshakes: Handshake[];
  requests: Request[];
  /** Lookups by host, "ip port", SNI and URL: a WhatsApp measurement has 30+ targets to fill. */
  queriesByHost: Map<string, Query[]>;
  connectsByEndpoint: Map<string, Connect[]>;
  handshakesBySni: Map<string, Handshake[]>;
  requestsByUrl: Map<string, Request[]>;
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}
const endpointKey = (ip: string, port: number) => `${ip} ${port}`;

/** Indexes the operations of one measurement's test_keys. Entries that cannot be read are left out. */
export function indexEvidence(testKeys: JsonObject, fingerprints: FingerprintSet = blockingFingerprints()): EvidenceIndex {
  const queries: Query[] = [];
  for (const q of list(testKeys.queries)) {
    if (typeof q.hostname !== "string") continue;
    const addrs: string[] = [];
    for (const a of list(q.answers)) {
      const ip = typeof a.ipv4 === "string" ? a.ipv4 : typeof a.ipv6 === "string" ? a.ipv6 : null;
      if (ip && isIP(ip) && !addrs.includes(ip)) addrs.push(ip);
    }
    const injected = addrs.map((a) => fingerprints.matchDns(a)).find((f) => f !== null) ?? null;
    queries.push({ host: normalizeHost(q.hostname), failure: normalizeFailure(q.failure), addrs, ms: durationMs(q), fingerprint: injected?.id ?? null });
  }
  const connects: Connect[] = [];
  for (const c of list(testKeys.tcp_connect)) {
    const ip = typeof c.ip === "string" ? c.ip.replace(/^\[|\]$/g, "") : null;
    const port = typeof c.port === "number" ? c.port : Number(c.port);
    if (!ip || !isIP(ip) || !Number.isInteger(port) || port < 1 || port > 65535) continue;
    const status = isObject(c.status) ? c.status : {};
    let failure = normalizeFailure(status.failure);
    if (!failure && status.success === false) failure = "unknown_failure";
    connects.push({ ip, port, failure, ms: durationMs(c) });
  }
  const handshakes: Handshake[] = [];
  for (const h of list(testKeys.tls_handshakes)) {
    if (typeof h.server_name !== "string" || h.server_name === "") continue;
    const address = splitAddress(h.address);
    handshakes.push({
      sni: normalizeHost(h.server_name),
      ip: address?.ip ?? null,
      port: address?.port ?? null,
      failure: normalizeFailure(h.failure),
      ms: durationMs(h),
    });
  }
  const requests: Request[] = [];
  for (const r of list(testKeys.requests)) {
    const request = isObject(r.request) ? r.request : null;
    const url = request && typeof request.url === "string" ? normalizeUrl(request.url) : null;
    if (!request || !url) continue;
    const response = isObject(r.response) ? r.response : null;
    const code = response && typeof response.code === "number" ? response.code : null;
    const location = response && code !== null && code >= 300 && code < 400 ? redirectTarget(url, response) : null;
    requests.push({
      url,
      method: typeof request.method === "string" ? request.method.toUpperCase() : "GET",
      status: code !== null && Number.isInteger(code) && code >= 100 && code <= 599 ? code : null,
      bytes: response ? bodyBytes(response.body) : 0,
      failure: normalizeFailure(r.failure),
      ms: durationMs(r),
      location,
      fingerprint: response ? (fingerprints.matchHttp({ body: bodyText(response.body), headers: headerMap(response) })?.id ?? null) : null,
      content_type: response && code !== null ? mediaType(headerMap(response).get("content-type")) : null,
      body_kind: response && code !== null ? sniffBodyKind(bodyHead(response.body), bodyBytes(response.body)) : null,
    });
  }
  return {
    queries,
    connects,
    handshakes,
    requests,
    queriesByHost: groupBy(queries, (q) => q.host),
    connectsByEndpoint: groupBy(connects, (c) => endpointKey(c.ip, c.port)),
    handshakesBySni: groupBy(handshakes, (h) => h.sni),
    requestsByUrl: groupBy(requests, (r) => r.url),
  };
}

/** The Location header of a response (headers object or df-001 headers_list), resolved against the request URL. */
function redirectTarget(url: string, response: JsonObject): string | null {
  let value: unknown = null;
  if (isObject(response.headers)) {
    for (const [k, v] of Object.entries(response.headers)) if (k.toLowerCase() === "location") value = v;
  }
  if (value === null && Array.isArray(response.headers_list)) {
    for (const h of response.headers_list) if (Array.isArray(h) && String(h[0]).toLowerCase() === "location") value = h[1];
  }
  if (typeof value !== "string" || value.trim() === "") return null;
  try {
    return normalizeUrl(new URL(value.trim(), url).toString());
  } catch {
    return null;
  }
}

/** Failures that mean the probe itself had no route (typically no IPv6): an attempt the client cannot make. */
const NO_ROUTE: ReadonlySet<Failure> = new Set<Failure>(["host_unreachable", "network_unreachable"]);

/**
 * Every attempt counts (docs/verdicts.md, "Every attempt counts"). Of several attempts at
 * one step (both address families, several addresses, retries), a failure the client would
 * meet is kept even when another attempt succeeded: the success does not overwrite it. An
 * attempt that had no route from the probe is not one the client makes, so it never
 * outweighs a success. With no success, the first failure.
 */
function pick<T extends { failure: Failure | null }>(items: T[]): T | undefined {
  const success = items.find((i) => i.failure === null);
  const blocking = items.find((i) => i.failure !== null && !NO_ROUTE.has(i.failure));
  if (success && blocking) return blocking;
  return success ?? items[0];
}

/** The system resolver's answers for a host (A and AAAA together); undefined when it was not resolved. */
export function dnsStage(ev: EvidenceIndex, host: string): DnsStage | undefined {
  const name = normalizeHost(host);
  const qs = ev.queriesByHost.get(name) ?? [];
  if (qs.length === 0) return undefined;
  const addrs = [...new Set(qs.flatMap((q) => q.addrs))].slice(0, RECORD_LIMITS.addressesPerAnswer);
  // AAAA often fails with "no answer" while A succeeds: any address means the name resolved.
  const failure: Failure | null = addrs.length > 0 ? null : (qs.find((q) => q.failure)?.failure ?? "dns_no_answer");
  const times = qs.map((q) => q.ms).filter((t): t is number => t !== null);
  const fingerprint = qs.find((q) => q.fingerprint !== null)?.fingerprint ?? null;
  return {
    system: { resolver: "system", addrs, failure, t_ms: times.length ? Math.max(...times) : null, ...(fingerprint ? { fingerprint } : {}) },
    control: null,
  };
}

export function tcpStage(ev: EvidenceIndex, ips: readonly string[], port: number): TcpStage | undefined {
  const hit = pick(ips.flatMap((ip) => ev.connectsByEndpoint.get(endpointKey(ip, port)) ?? []));
  return hit && { ip: hit.ip, port: hit.port, failure: hit.failure, t_ms: hit.ms };
}

export function tlsStage(ev: EvidenceIndex, sni: string, ips: readonly string[], port: number): TlsStage | undefined {
  const name = normalizeHost(sni);
  const bySni = ev.handshakesBySni.get(name) ?? [];
  // Prefer handshakes to the addresses of this endpoint when the probe recorded them.
  const onEndpoint = bySni.filter((h) => h.ip === null || (ips.includes(h.ip) && (h.port === null || h.port === port)));
  const hit = pick(onEndpoint.length > 0 ? onEndpoint : bySni);
  return hit && { sni: name, ip: hit.ip, port: hit.port, failure: hit.failure, t_ms: hit.ms, neutral: null };
}

/** Target URLs come from a fixed catalog: normalise each once. */
const normalizedUrls = new Map<string, string | null>();

export function httpStage(ev: EvidenceIndex, url: string, method?: string): HttpStage | undefined {
  const key = normalizedUrls.get(url) ?? normalizeUrl(url);
  if (key === null) return undefined;
  normalizedUrls.set(url, key);
  const hit = pick((ev.requestsByUrl.get(key) ?? []).filter((r) => !method || r.method === method));
  if (!hit || (hit.method !== "GET" && hit.method !== "POST" && hit.method !== "HEAD")) return undefined;
  if (hit.url.length > RECORD_LIMITS.stringLength) return undefined;
  return {
    method: hit.method,
    url: hit.url,
    status: hit.status,
    bytes: hit.bytes,
    ttfb_ms: null,
    t_ms: hit.ms,
    // A redirect the client follows is its next step: a failure there is the target's
    // failure, kept beside the first hop's status (H2/H4 read it; the status alone is H3).
    failure: hit.failure ?? redirectFailure(ev, hit),
    // The maintained fingerprint set's verdict on the body and headers (H1); the body is never kept.
    fingerprint: hit.fingerprint ?? redirectFingerprint(ev, hit),
    content_type: hit.content_type,
    body_kind: hit.body_kind,
  };
}

/** The hops a client follows from `first` (bounded: a loop or a long chain ends it). */
function redirectHops(ev: EvidenceIndex, first: Request): Request[] {
  const seen = new Set<string>([first.url]);
  const hops: Request[] = [];
  let hop: Request = first;
  while (hop.location !== null && !seen.has(hop.location) && seen.size <= 10) {
    seen.add(hop.location);
    const next = pick(ev.requestsByUrl.get(hop.location) ?? []);
    if (!next) break;
    hops.push(next);
    if (next.failure !== null) break;
    hop = next;
  }
  return hops;
}

/** The first failure along the redirect chain that starts at `first`. */
function redirectFailure(ev: EvidenceIndex, first: Request): Failure | null {
  return redirectHops(ev, first).find((h) => h.failure !== null)?.failure ?? null;
}

/** A block page the redirect chain ends on (a redirect to the censor's stub). */
function redirectFingerprint(ev: EvidenceIndex, first: Request): string | null {
  return redirectHops(ev, first).find((h) => h.fingerprint !== null)?.fingerprint ?? null;
}

export interface EndpointSpec {
  host: string;
  port: number;
  /** Which stages Vantage's own probe runs for this target. */
  stages: { dns: boolean; tcp: boolean; tls: boolean; http: null | { url: string; method: "GET" | "POST" | "HEAD" } };
}

/**
 * Builds the stages of one target from the evidence, in probe order, stopping after the
 * first failing stage (the earliest failing stage is the cause). Where an older probe
 * recorded only the failure of the whole HTTP transaction, the failure is put at the one
 * stage it can only come from (a DNS error at dns, a refused connect at tcp, a certificate
 * error at tls). Returns null when the measurement holds no evidence for the target.
 */
export function buildStages(ev: EvidenceIndex, spec: EndpointSpec): Stages | null {
  const stages: Stages = {};
  const literal = isIP(spec.host) !== 0;
  let ips: string[] = literal ? [spec.host] : [];

  if (spec.stages.dns && !literal) {
    const dns = dnsStage(ev, spec.host);
    if (dns) {
      stages.dns = dns;
      ips = dns.system.addrs;
      if (dns.system.failure) return stages;
    }
  }
  if (spec.stages.tcp) {
    const tcp = tcpStage(ev, ips, spec.port);
    if (tcp) {
      stages.tcp = tcp;
      if (tcp.failure) return stages;
    }
  }
  if (spec.stages.tls) {
    const tls = tlsStage(ev, spec.host, ips, spec.port);
    if (tls) {
      stages.tls = tls;
      if (tls.failure) return stages;
    }
  }
  if (spec.stages.http) {
    const http = httpStage(ev, spec.stages.http.url, spec.stages.http.method);
    if (http) {
      const placed = http.failure ? placeTransactionFailure(stages, spec, ips, http.failure) : false;
      if (!placed) stages.http = http;
    }
  }
  return Object.keys(stages).length > 0 ? stages : null;
}

/** Puts a whole-transaction failure at the earlier stage it must come from; false when it stays at http. */
function placeTransactionFailure(stages: Stages, spec: EndpointSpec, ips: string[], failure: Failure): boolean {
  const stage = stageOfFailure(failure);
  if (stage === "dns" && !stages.dns && isIP(spec.host) === 0) {
    stages.dns = { system: { resolver: "system", addrs: [], failure, t_ms: null }, control: null };
    return true;
  }
  if (stage === "tcp" && !stages.tcp && ips.length > 0) {
    stages.tcp = { ip: ips[0], port: spec.port, failure, t_ms: null };
    return true;
  }
  if (stage === "tls" && !stages.tls) {
    stages.tls = { sni: normalizeHost(spec.host), ip: null, port: null, failure, t_ms: null, neutral: null };
    return true;
  }
  return false;
}
