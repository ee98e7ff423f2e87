// The censorship lab's layout: which stand-in address each real name gets, and a plan that
// says, per case, what each resolver answers and which stand-in each real address reaches.
// The probe is pointed at the lab only through its config (resolvers, address map, extra
// CA): the engine under test is the one volunteers run. The servers themselves run in
// their own process (lab-runtime.ts, serve.ts), as real services would.
import { join } from "node:path";
import type { ServiceId } from "../../lib/measurement/vocabulary";
import { inNetworks } from "../../lib/net/ip";
import { controlsFor, publishedNetworks, serviceTargets, type Target, TARGETS, THROUGHPUT_CONTROL } from "../../lib/targets";
import type { ZoneEntry } from "./dns-server";
import { DEFAULT_QUIRKS, type Quirks, type ServerName } from "./servers";

export const LAB_SERVICES: ServiceId[] = ["whatsapp", "telegram", "max"];
/** The country whose controls the lab imitates. */
export const LAB_CC = "RU";
/** The control resolver's DoH name in the lab (the probe's default control resolver is Google's). */
export const LAB_DOH_HOST = "dns.google";
/** Answers outside every service's networks (TEST-NET-3), for D3. */
export const OUTSIDE_PREFIX = "203.0.113.";

export interface LabPlan {
  /** What the system resolver (the one the probe's network gives it) answers. */
  system: Map<string, ZoneEntry>;
  /** What the independent control resolver answers. */
  control: Map<string, ZoneEntry>;
  /** "ip:port" of a real target address -> the stand-in it reaches. */
  routes: Map<string, ServerName>;
  quirks: Quirks;
}

export function routeKey(ip: string, port: number): string {
  return ip.includes(":") ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/** Deterministic stand-in addresses inside each service's published networks. */
function allocate(service: ServiceId, index: number, family: 4 | 6): string | null {
  const prefixes = TARGETS.services[service]?.networks.prefixes ?? [];
  const prefix = prefixes.find((p) => (family === 4 ? !p.includes(":") : p.includes(":")));
  if (!prefix) return null;
  const base = prefix.split("/")[0];
  const addr = family === 4 ? base.replace(/\.\d+$/, `.${10 + index}`) : `${base.replace(/::$/, "")}::${(0x10 + index).toString(16)}`;
  if (!inNetworks(addr, publishedNetworks(service))) throw new Error(`lab address ${addr} is outside ${service}'s networks`);
  return addr;
}

export interface LabHost {
  service: ServiceId | null;
  host: string;
  v4: string;
  v6: string | null;
  /** Another address inside the service's networks (a CDN's other answer). */
  altV4: string | null;
}

/** Where a running lab listens; sent by the lab process when it is ready. */
export interface LabEndpoints {
  bindHost: string;
  ports: Record<ServerName, number>;
  systemDns: string;
  controlDns: string;
  caFile: string;
  stateDir: string;
}

/** A plan in a form that crosses a process boundary. */
export interface SerializedPlan {
  system: [string, ZoneEntry][];
  control: [string, ZoneEntry][];
  routes: [string, ServerName][];
  quirks: Quirks;
}

export function serializePlan(plan: LabPlan): SerializedPlan {
  return { system: [...plan.system], control: [...plan.control], routes: [...plan.routes], quirks: plan.quirks };
}

export function deserializePlan(s: SerializedPlan): LabPlan {
  return { system: new Map(s.system), control: new Map(s.control), routes: new Map(s.routes), quirks: s.quirks };
}

/** Every name the lab's certificate must cover. */
export function labCertificateNames(): string[] {
  const names = new Set<string>(["example.com", LAB_DOH_HOST]);
  for (const service of LAB_SERVICES) for (const t of serviceTargets(service)) if (!t.literal) names.add(t.host);
  const controls = controlsFor(LAB_CC);
  names.add(controls.domestic.host).add(controls.foreign.host).add(new URL(THROUGHPUT_CONTROL.url).hostname);
  return [...names];
}

/** host + path of every static object the lab serves. */
export function labObjectPaths(): Set<string> {
  return new Set(
    [...LAB_SERVICES.flatMap((s) => serviceTargets(s).flatMap((t) => (t.throughput ? [t.throughput.url] : []))), THROUGHPUT_CONTROL.url].map((u) => {
      const url = new URL(u);
      return url.hostname + url.pathname + url.search;
    }),
  );
}

export class LabLayout {
  readonly hosts = new Map<string, LabHost>();

  constructor() {
    for (const service of LAB_SERVICES) {
      const names = [...new Set(serviceTargets(service).filter((t) => !t.literal).map((t) => t.host))];
      names.forEach((host, i) => {
        this.hosts.set(host, { service, host, v4: allocate(service, i, 4)!, v6: allocate(service, i, 6), altV4: allocate(service, 100 + i, 4) });
      });
    }
    const controls = controlsFor(LAB_CC);
    [controls.domestic.host, controls.foreign.host, new URL(THROUGHPUT_CONTROL.url).hostname].forEach((host, i) => {
      if (!this.hosts.has(host)) this.hosts.set(host, { service: null, host, v4: `198.51.100.${10 + i}`, v6: null, altV4: null });
    });
  }

  /** Names of every service host: the SNIs the sni-filter stand-in resets on. */
  serviceHostNames(): Set<string> {
    return new Set([...this.hosts.values()].filter((h) => h.service).map((h) => h.host));
  }

  /** Everything healthy: both resolvers agree, every address reaches a healthy stand-in. */
  healthyPlan(): LabPlan {
    const plan: LabPlan = { system: new Map(), control: new Map(), routes: new Map(), quirks: { ...DEFAULT_QUIRKS } };
    for (const h of this.hosts.values()) {
      const entry: ZoneEntry = { A: [h.v4], AAAA: h.v6 ? [h.v6] : [] };
      plan.system.set(h.host, entry);
      plan.control.set(h.host, { ...entry });
      plan.routes.set(routeKey(h.v4, 443), h.service ? "web-b" : "web");
      if (h.altV4) plan.routes.set(routeKey(h.altV4, 443), "web-b");
    }
    for (const service of LAB_SERVICES) {
      for (const t of serviceTargets(service)) {
        if (t.literal) plan.routes.set(routeKey(t.host, t.port), "plain-b");
        else {
          const h = this.hosts.get(t.host)!;
          plan.routes.set(routeKey(h.v4, t.port), "web-b");
          if (h.altV4) plan.routes.set(routeKey(h.altV4, t.port), "web-b");
        }
      }
    }
    return plan;
  }

  /** Healthy, but every stand-in also tells the client its own address (the privacy test). */
  echoPlan(): LabPlan {
    const plan = this.healthyPlan();
    for (const [key, server] of plan.routes) plan.routes.set(key, server.startsWith("plain") ? "echo-plain" : "echo");
    return plan;
  }

  /** The probe config that sends every connection of a plan into the lab. */
  probeConfig(
    plan: LabPlan,
    lab: LabEndpoints,
    overrides: { throughputMs?: number; stateFile?: string; timeouts?: Record<string, number>; controlResolver?: "udp" | "doh" } = {},
  ): Record<string, unknown> {
    const address_map: Record<string, string> = {};
    for (const [key, server] of plan.routes) address_map[key] = routeKey(lab.bindHost, lab.ports[server]);
    const doh = overrides.controlResolver === "doh";
    if (doh) address_map[`${LAB_DOH_HOST}:443`] = routeKey(lab.bindHost, lab.ports.web);
    return {
      probe: { id: "lab-probe", cc: LAB_CC, asn: 64500, asn_name: "Lab network", region: "lab", network_type: "fixed", owner: "lab" },
      // Short where a technique waits them out (dns, tcp); generous where the lab machine
      // itself is the bottleneck (a TLS handshake on two busy cores can take 300 ms).
      timeouts: { dns_ms: 800, tcp_ms: 800, tcp_settle_ms: 200, tls_ms: 2000, http_ms: 2000, ws_ms: 2000, ...overrides.timeouts },
      concurrency: 16,
      resolvers: { system: lab.systemDns, control: doh ? `https://${LAB_DOH_HOST}/dns-query` : lab.controlDns },
      address_map,
      connect_only_mapped: true,
      extra_ca_file: lab.caFile,
      throughput: {
        enabled: true,
        max_ms: overrides.throughputMs ?? 4000,
        daily_budget_bytes: 1024 * 1024 * 1024,
        state_file: overrides.stateFile ?? join(lab.stateDir, "probe-state.json"),
      },
    };
  }

  /** Route keys ("ip:port") of a service's targets that `pick` selects, by the plan's answers. */
  targetRoutes(service: ServiceId, plan: LabPlan, pick: (t: Target) => boolean = () => true): string[] {
    const keys: string[] = [];
    for (const t of serviceTargets(service).filter(pick)) {
      if (t.literal) keys.push(routeKey(t.host, t.port));
      else {
        const h = this.hosts.get(t.host)!;
        for (const a of plan.system.get(t.host)?.A ?? [h.v4]) keys.push(routeKey(a, t.port));
      }
    }
    return keys;
  }
}
