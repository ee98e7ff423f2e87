// Which Vantage targets an OONI test can give evidence for. WhatsApp, Telegram and Max
// targets come from lib/targets (the same ids and components Vantage's own probe
// reports, so imported and own data line up per component); Signal, which Vantage's probe
// does not measure, gets its targets here from OONI's ts-029.
import { serviceTargets, type Target } from "../targets";
import type { ServiceId } from "../measurement/vocabulary";
import type { EndpointSpec } from "./evidence";

export interface CatalogTarget extends EndpointSpec {
  id: string;
  component: string;
}

/**
 * OONI measured no throughput and no WebSocket upgrade: targets defined by those stages
 * are left out (their component is "not measured"), the others keep the stages OONI has.
 */
function fromVantageTarget(t: Target): CatalogTarget | null {
  if (t.stages.includes("throughput") || t.stages.includes("ws")) return null;
  return {
    id: t.id,
    component: t.component,
    host: t.host,
    port: t.port,
    stages: {
      dns: t.stages.includes("dns"),
      tcp: t.stages.includes("tcp"),
      tls: t.stages.includes("tls"),
      http: t.stages.includes("http") && t.http ? { url: t.http.url, method: t.http.method } : null,
    },
  };
}

/** ts-029's endpoints (2021 and later versions of the test), with the part of Signal each serves. */
const SIGNAL_ENDPOINTS: ReadonlyArray<readonly [host: string, component: string]> = [
  ["textsecure-service.whispersystems.org", "chat"],
  ["chat.signal.org", "chat"],
  ["storage.signal.org", "storage"],
  ["api.directory.signal.org", "directory"],
  ["cdsi.signal.org", "directory"],
  ["cdn.signal.org", "cdn"],
  ["cdn2.signal.org", "cdn"],
  ["cdn3.signal.org", "cdn"],
  ["sfu.voip.signal.org", "calls"],
  ["uptime.signal.org", "uptime"],
];

const SIGNAL_TARGETS: CatalogTarget[] = SIGNAL_ENDPOINTS.map(([host, component]) => ({
  id: `signal.host.${host}.443`,
  component,
  host,
  port: 443,
  stages: { dns: true, tcp: true, tls: true, http: { url: `https://${host}/`, method: "GET" } },
}));

const cache = new Map<ServiceId, CatalogTarget[]>();

/** Targets of a service that OONI data can fill, in the targets file's order. */
export function catalogTargets(service: ServiceId): CatalogTarget[] {
  let targets = cache.get(service);
  if (!targets) {
    targets =
      service === "signal"
        ? SIGNAL_TARGETS
        : serviceTargets(service).map(fromVantageTarget).filter((t): t is CatalogTarget => t !== null);
    cache.set(service, targets);
  }
  return targets;
}

/** Registrable domains of Max's hosts (max.ru, oneme.ru), from the targets file. */
function maxDomains(): Set<string> {
  const domains = new Set<string>();
  for (const t of serviceTargets("max")) domains.add(t.host.split(".").slice(-2).join("."));
  return domains;
}
let maxDomainSet: Set<string> | null = null;

/** True when a web_connectivity input (URL or bare domain) is one of Max's hosts or under Max's domains. */
export function isMaxInput(input: unknown): boolean {
  if (typeof input !== "string" || input.trim() === "") return false;
  let host: string;
  try {
    host = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(input) ? input : `https://${input}`).hostname.toLowerCase();
  } catch {
    return false;
  }
  host = host.replace(/\.$/, "");
  maxDomainSet ??= maxDomains();
  for (const domain of maxDomainSet) if (host === domain || host.endsWith(`.${domain}`)) return true;
  return false;
}
