// The censorship lab: DNS servers, service stand-ins and a plan that says, per case, what
// each resolver answers and which stand-in each real address reaches. The probe is pointed
// at it only through its config (resolvers, address map, extra CA): the engine under test
// is the one volunteers run.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ServiceId } from "../../lib/measurement/vocabulary";
import { inNetworks } from "../../lib/net/ip";
import { controlsFor, publishedNetworks, serviceTargets, type Target, TARGETS, THROUGHPUT_CONTROL } from "../../lib/targets";
import { makeLabCerts, type LabCerts } from "./certs";
import { LabDnsServer, type ZoneEntry } from "./dns-server";
import { DEFAULT_QUIRKS, LabServers, type Quirks, type ServerName } from "./servers";

export const LAB_SERVICES: ServiceId[] = ["whatsapp", "telegram", "max"];
/** The country whose controls the lab imitates. */
export const LAB_CC = "RU";
/** Stand-in addresses of the control hosts (public-looking, never contacted: the address map catches them). */
const CONTROL_ADDRESSES: Record<string, string> = {};
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

export class CensorshipLab {
  readonly systemDns: LabDnsServer;
  readonly controlDns: LabDnsServer;
  readonly servers: LabServers;
  readonly hosts = new Map<string, LabHost>();
  readonly stateDir: string;

  private constructor(readonly bindHost: string, readonly certs: LabCerts) {
    this.systemDns = new LabDnsServer(bindHost);
    this.controlDns = new LabDnsServer(bindHost);
    this.stateDir = mkdtempSync(join(tmpdir(), "vantage-lab-state-"));
    for (const service of LAB_SERVICES) {
      const names = [...new Set(serviceTargets(service).filter((t) => !t.literal).map((t) => t.host))];
      names.forEach((host, i) => {
        this.hosts.set(host, { service, host, v4: allocate(service, i, 4)!, v6: allocate(service, i, 6), altV4: allocate(service, 100 + i, 4) });
      });
    }
    const controls = controlsFor(LAB_CC);
    const controlHosts = [controls.domestic.host, controls.foreign.host, new URL(THROUGHPUT_CONTROL.url).hostname];
    controlHosts.forEach((host, i) => {
      CONTROL_ADDRESSES[host] ??= `198.51.100.${10 + i}`;
      this.hosts.set(host, { service: null, host, v4: CONTROL_ADDRESSES[host], v6: null, altV4: null });
    });
    const objectPaths = new Set(
      [...LAB_SERVICES.flatMap((s) => serviceTargets(s).flatMap((t) => (t.throughput ? [t.throughput.url] : []))), THROUGHPUT_CONTROL.url].map((u) => {
        const url = new URL(u);
        return url.hostname + url.pathname + url.search;
      }),
    );
    const serviceHosts = new Set([...this.hosts.values()].filter((h) => h.service).map((h) => h.host));
    this.servers = new LabServers(bindHost, certs, objectPaths, serviceHosts);
  }

  static async start(bindHost = "127.0.0.1", ports: { systemDns?: number; controlDns?: number } = {}): Promise<CensorshipLab> {
    const names = new Set<string>(["example.com"]);
    for (const service of LAB_SERVICES) for (const t of serviceTargets(service)) if (!t.literal) names.add(t.host);
    const controls = controlsFor(LAB_CC);
    names.add(controls.domestic.host).add(controls.foreign.host).add(new URL(THROUGHPUT_CONTROL.url).hostname);
    const lab = new CensorshipLab(bindHost, makeLabCerts([...names]));
    await lab.systemDns.start(ports.systemDns);
    await lab.controlDns.start(ports.controlDns);
    await lab.servers.start();
    return lab;
  }

  async stop(): Promise<void> {
    await Promise.all([this.systemDns.stop(), this.controlDns.stop(), this.servers.stop()]);
    rmSync(this.certs.dir, { recursive: true, force: true });
    rmSync(this.stateDir, { recursive: true, force: true });
  }

  /** Everything healthy: both resolvers agree, every address reaches a healthy stand-in. */
  healthyPlan(): LabPlan {
    const plan: LabPlan = { system: new Map(), control: new Map(), routes: new Map(), quirks: { ...DEFAULT_QUIRKS } };
    for (const h of this.hosts.values()) {
      const entry: ZoneEntry = { A: [h.v4], AAAA: h.v6 ? [h.v6] : [] };
      plan.system.set(h.host, entry);
      plan.control.set(h.host, { ...entry });
      plan.routes.set(routeKey(h.v4, 443), "web");
      // The other in-network answer, should a case hand it out.
      if (h.altV4) plan.routes.set(routeKey(h.altV4, 443), "web");
    }
    for (const service of LAB_SERVICES) {
      for (const t of serviceTargets(service)) {
        if (t.literal) plan.routes.set(routeKey(t.host, t.port), "plain");
        else {
          const h = this.hosts.get(t.host)!;
          plan.routes.set(routeKey(h.v4, t.port), "web");
          if (h.altV4) plan.routes.set(routeKey(h.altV4, t.port), "web");
        }
      }
    }
    return plan;
  }

  /** Points the lab's resolvers and stand-ins at a plan. */
  apply(plan: LabPlan): void {
    this.systemDns.zone = plan.system;
    this.controlDns.zone = plan.control;
    this.servers.quirks = { ...plan.quirks };
  }

  /** The probe config that sends every connection of a plan into the lab. */
  probeConfig(plan: LabPlan, overrides: { throughputMs?: number; stateFile?: string } = {}): Record<string, unknown> {
    const address_map: Record<string, string> = {};
    for (const [key, server] of plan.routes) address_map[key] = routeKey(this.bindHost, this.servers.ports[server]);
    return {
      probe: { id: "lab-probe", cc: LAB_CC, asn: 64500, asn_name: "Lab network", region: "lab", network_type: "fixed", owner: "lab" },
      // Short where a technique waits them out (dns, tcp); generous where the in-process
      // lab itself is the bottleneck (a TLS handshake on two busy cores can take 300 ms).
      timeouts: { dns_ms: 300, tcp_ms: 300, tcp_settle_ms: 100, tls_ms: 2000, http_ms: 2000, ws_ms: 2000, control_ms: 4000 },
      concurrency: 16,
      resolvers: { system: this.systemDns.address, control: this.controlDns.address },
      address_map,
      connect_only_mapped: true,
      extra_ca_file: this.certs.caFile,
      throughput: {
        enabled: true,
        max_ms: overrides.throughputMs ?? 4000,
        daily_budget_bytes: 1024 * 1024 * 1024,
        state_file: overrides.stateFile ?? join(this.stateDir, "probe-state.json"),
      },
    };
  }

  /** Targets of a service, with the real address each one is routed by. */
  targetRoutes(service: ServiceId, plan: LabPlan, pick: (t: Target) => boolean = () => true): string[] {
    const keys: string[] = [];
    for (const t of serviceTargets(service).filter(pick)) {
      if (t.literal) keys.push(routeKey(t.host, t.port));
      else {
        const h = this.hosts.get(t.host)!;
        for (const a of (plan.system.get(t.host)?.A ?? [h.v4])) keys.push(routeKey(a, t.port));
      }
    }
    return keys;
  }
}
