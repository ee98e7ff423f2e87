// Every censorship technique (and every harmless quirk) the lab can stage, with the
// verdict and rule the design brief's table says it must produce for each service.
import type { RuleId, ServiceId, ServiceStatus, Technique } from "../../lib/measurement/vocabulary";
import { controlsFor, serviceTargets, type Target, THROUGHPUT_CONTROL } from "../../lib/targets";
import type { ZoneEntry } from "./dns-server";
import { LAB_CC, type LabLayout, type LabHost, type LabPlan, OUTSIDE_PREFIX, routeKey } from "./lab";
import type { ServerName } from "./servers";

export interface Expectation {
  status: ServiceStatus;
  rule: RuleId | null;
  technique?: Technique | null;
  /** A target whose own rule must match too (e.g. P3 on the throughput target). */
  target?: { id: string; rule: RuleId };
}

export interface LabTechnique {
  id: string;
  /** "user": runs anywhere; "netns": needs root, nftables and tc. */
  tier: "user" | "netns";
  expect: Partial<Record<ServiceId, Expectation>>;
  /** Changes the healthy plan into this case. */
  stage?(plan: LabPlan, lab: LabLayout): void;
  /** netns tier: nftables rules (one chain per hook) in the servers' namespace. */
  nft?(ports: Record<ServerName, number>): { input?: string[]; output?: string[] };
  throughputMs?: number;
}

type Pick = (t: Target) => boolean;

/** Sends a service's targets (or some of them) to a stand-in; literal (data-centre) targets to its plain twin. */
function route(plan: LabPlan, lab: LabLayout, service: ServiceId, servers: { tls: ServerName; plain: ServerName }, pick: Pick = () => true): void {
  for (const t of serviceTargets(service).filter(pick)) {
    const server = t.literal ? servers.plain : servers.tls;
    for (const key of lab.targetRoutes(service, plan, (x) => x.id === t.id)) plan.routes.set(key, server);
  }
}

/** Makes the system resolver answer a service's names differently; new addresses reach `server`. */
function answer(plan: LabPlan, lab: LabLayout, service: ServiceId, entry: (h: LabHost, i: number) => ZoneEntry, server: ServerName = "web-b"): void {
  const hosts = [...lab.hosts.values()].filter((h) => h.service === service);
  hosts.forEach((h, i) => {
    const e = entry(h, i);
    plan.system.set(h.host, e);
    for (const t of serviceTargets(service).filter((t) => t.host === h.host)) {
      for (const a of e.A ?? []) if (!plan.routes.has(routeKey(a, t.port))) plan.routes.set(routeKey(a, t.port), server);
    }
  });
}

const ALL: ServiceId[] = ["whatsapp", "telegram", "max"];
const each = (e: Expectation, services: ServiceId[] = ALL): Partial<Record<ServiceId, Expectation>> =>
  Object.fromEntries(services.map((s) => [s, e]));

/** WhatsApp's chat endpoints are TCP only and Telegram's data centres plain HTTP: a TLS or web block leaves them up. */
const webShape = (rule: RuleId, telegram: ServiceStatus = "partial", max: ServiceStatus = "blocked"): Partial<Record<ServiceId, Expectation>> => ({
  whatsapp: { status: "partial", rule },
  telegram: { status: telegram, rule },
  max: { status: max, rule },
});
/** Telegram's data centres have no DNS stage: a DNS block hits only its web client. */
const dnsShape = (rule: RuleId): Partial<Record<ServiceId, Expectation>> => ({
  whatsapp: { status: "blocked", rule },
  telegram: { status: "partial", rule },
  max: { status: "blocked", rule },
});

const isEndpoint = (hosts: string[], port?: number): Pick => (t) => hosts.includes(t.host) && (port === undefined || t.port === port);

export const TECHNIQUES_MATRIX: LabTechnique[] = [
  { id: "healthy", tier: "user", expect: each({ status: "ok", rule: "OK" }) },

  // DNS
  { id: "dns.nxdomain", tier: "user", expect: dnsShape("D2"), stage: (p, lab) => ALL.forEach((s) => answer(p, lab, s, () => ({ rcode: "NXDOMAIN" }))) },
  { id: "dns.bogon_0.0.0.0", tier: "user", expect: dnsShape("D1"), stage: (p, lab) => ALL.forEach((s) => answer(p, lab, s, () => ({ A: ["0.0.0.0"] }))) },
  { id: "dns.bogon_127.0.0.1", tier: "user", expect: dnsShape("D1"), stage: (p, lab) => ALL.forEach((s) => answer(p, lab, s, () => ({ A: ["127.0.0.1"] }))) },
  {
    id: "dns.outside_networks",
    tier: "user",
    expect: dnsShape("D3"),
    stage: (p, lab) => ALL.forEach((s, si) => answer(p, lab, s, (_h, i) => ({ A: [`${OUTSIDE_PREFIX}${10 + si * 40 + i}`] }))),
  },
  { id: "dns.timeout", tier: "user", expect: dnsShape("D2"), stage: (p, lab) => ALL.forEach((s) => answer(p, lab, s, () => ({ silent: true }))) },

  // TCP
  { id: "tcp.refused", tier: "user", expect: each({ status: "blocked", rule: "T1" }), stage: (p, lab) => ALL.forEach((s) => route(p, lab, s, { tls: "refused", plain: "refused" })) },
  { id: "tcp.reset", tier: "user", expect: each({ status: "blocked", rule: "T1" }), stage: (p, lab) => ALL.forEach((s) => route(p, lab, s, { tls: "tcp-reset", plain: "tcp-reset" })) },

  // TLS
  { id: "tls.sni_reset", tier: "user", expect: webShape("S1"), stage: (p, lab) => ALL.forEach((s) => route(p, lab, s, { tls: "sni-filter", plain: "plain-b" })) },
  { id: "tls.reset_any_sni", tier: "user", expect: webShape("S2"), stage: (p, lab) => ALL.forEach((s) => route(p, lab, s, { tls: "tls-reset-any", plain: "plain-b" }, (t) => t.stages.includes("tls"))) },
  { id: "tls.wrong_certificate", tier: "user", expect: webShape("S3"), stage: (p, lab) => ALL.forEach((s) => route(p, lab, s, { tls: "wrong-cert", plain: "plain-b" })) },

  // HTTP
  {
    id: "http.block_page",
    tier: "user",
    expect: webShape("H1", "blocked", "partial"),
    stage: (p, lab) => ALL.forEach((s) => route(p, lab, s, { tls: "blockpage-tls", plain: "blockpage-plain" }, (t) => t.stages.includes("http"))),
  },
  {
    // A stub only the maintained fingerprint set knows (OONI's ooni.ru_8), not the old hand-written list.
    id: "http.block_page_isp",
    tier: "user",
    expect: webShape("H1", "blocked", "partial"),
    stage: (p, lab) => ALL.forEach((s) => route(p, lab, s, { tls: "blockpage-isp-tls", plain: "blockpage-isp-plain" }, (t) => t.stages.includes("http"))),
  },
  {
    // A plausible page no fingerprint knows: only the targets' response profiles (H6) tell
    // it is not the service's answer (a data centre never answers 200, registration answers
    // JSON). Max's and the web clients' pages have no profile to break.
    id: "http.lookalike_page",
    tier: "user",
    expect: {
      whatsapp: { status: "partial", rule: "H6", target: { id: "whatsapp.registration", rule: "H6" } },
      telegram: { status: "partial", rule: "H6", target: { id: "telegram.dc.149.154.167.51.80", rule: "H6" } },
    },
    stage: (p, lab) => (["whatsapp", "telegram"] as const).forEach((s) => route(p, lab, s, { tls: "lookalike-tls", plain: "lookalike-plain" }, (t) => t.stages.includes("http"))),
  },
  {
    id: "http.reset_mid_body",
    tier: "user",
    expect: webShape("H2", "blocked", "partial"),
    stage: (p, lab) => ALL.forEach((s) => route(p, lab, s, { tls: "midbody-tls", plain: "midbody-plain" }, (t) => t.stages.includes("http"))),
  },

  // Throughput (server-side imitations; the netns tier does the same with kernel drops and a policer)
  {
    id: "throughput.stall_16k",
    tier: "user",
    throughputMs: 6500,
    expect: each({ status: "throttled", rule: "P1", technique: "stall" }),
    stage: (p, lab) => ALL.forEach((s) => route(p, lab, s, { tls: "stall-tls", plain: "plain-b" }, (t) => t.stages.includes("throughput"))),
  },
  {
    id: "throughput.paced_128k",
    tier: "user",
    throughputMs: 3500,
    expect: each({ status: "throttled", rule: "P2", technique: "throttling" }),
    stage: (p, lab) => ALL.forEach((s) => route(p, lab, s, { tls: "paced-tls", plain: "plain-b" }, (t) => t.stages.includes("throughput"))),
  },
  {
    id: "throughput.congestion",
    tier: "user",
    throughputMs: 3500,
    expect: {
      whatsapp: { status: "ok", rule: "OK", target: { id: "whatsapp.throughput.web", rule: "P3" } },
      telegram: { status: "ok", rule: "OK", target: { id: "telegram.throughput.web", rule: "P3" } },
      max: { status: "ok", rule: "OK", target: { id: "max.throughput.web", rule: "P3" } },
    },
    stage: (p, lab) => {
      ALL.forEach((s) => route(p, lab, s, { tls: "paced-tls", plain: "plain-b" }, (t) => t.stages.includes("throughput")));
      const control = lab.hosts.get(new URL(THROUGHPUT_CONTROL.url).hostname)!;
      p.routes.set(routeKey(control.v4, 443), "paced-tls");
    },
  },

  // Kernel tier: silence, loss and policing done by nftables in the servers' namespace.
  {
    id: "netns.tcp_silent_drop",
    tier: "netns",
    expect: each({ status: "blocked", rule: "T1" }),
    nft: (p) => ({ input: [`tcp dport { ${p["web-b"]}, ${p["plain-b"]} } drop`] }),
  },
  {
    id: "netns.throughput_drop_after_16k",
    tier: "netns",
    throughputMs: 6500,
    expect: each({ status: "throttled", rule: "P1", technique: "stall" }),
    // Counted on the connection's reply direction, which also carries the TLS handshake and
    // session tickets (~3 KB): the first 16 KB TLS record of the body gets through whole, the
    // second is cut, so about 16 KB of body arrives and then nothing.
    nft: (p) => ({ output: [`tcp sport ${p["web-b"]} ct reply bytes > 24000 drop`] }),
  },
  {
    id: "netns.throughput_policed_128k",
    tier: "netns",
    throughputMs: 4500,
    expect: each({ status: "throttled", rule: "P2", technique: "throttling" }),
    // A per-connection policer: packets over 16 kB/s (128 kbit/s) are dropped.
    nft: (p) => ({ output: [`tcp sport ${p["web-b"]} meter policer { ip daddr . tcp dport limit rate over 16 kbytes/second burst 8 kbytes } drop`] }),
  },

  // Partial blocking
  {
    id: "partial.whatsapp_hosts_both_ports",
    tier: "user",
    expect: { whatsapp: { status: "partial", rule: "T1" } },
    stage: (p, lab) => route(p, lab, "whatsapp", { tls: "refused", plain: "refused" }, isEndpoint(["e1.whatsapp.net", "e2.whatsapp.net"])),
  },
  {
    id: "partial.whatsapp_host_one_port",
    tier: "user",
    expect: { whatsapp: { status: "partial", rule: "T1" } },
    stage: (p, lab) => route(p, lab, "whatsapp", { tls: "refused", plain: "refused" }, isEndpoint(["e3.whatsapp.net"], 5222)),
  },
  {
    id: "partial.telegram_dcs",
    tier: "user",
    expect: { telegram: { status: "partial", rule: "T1" } },
    stage: (p, lab) => route(p, lab, "telegram", { tls: "refused", plain: "refused" }, (t) => ["149.154.175.50", "149.154.167.91"].includes(t.host)),
  },

  // Controls
  {
    id: "controls.both_down",
    tier: "user",
    expect: each({ status: "inconclusive", rule: null }),
    stage: (p, lab) => {
      ALL.forEach((s) => route(p, lab, s, { tls: "refused", plain: "refused" }));
      for (const h of lab.hosts.values()) if (!h.service) p.routes.set(routeKey(h.v4, 443), "refused");
    },
  },
  {
    id: "controls.allowlist",
    tier: "user",
    expect: each({ status: "blocked", rule: "T1", technique: "allowlist" }),
    stage: (p, lab) => {
      ALL.forEach((s) => route(p, lab, s, { tls: "refused", plain: "refused" }));
      p.routes.set(routeKey(lab.hosts.get(controlsFor(LAB_CC).foreign.host)!.v4, 443), "refused");
    },
  },

  // A network that captures everything, as a new user would meet it: its resolver (and
  // whatever resolver the probe tries) answers NXDOMAIN for every name, and a middlebox
  // accepts every TCP connection and answers any request with an empty 404 at once. Every
  // Telegram data centre "answers": that must not make Telegram ok (both controls fail,
  // and the web client's DNS fails with no control resolver either).
  {
    id: "middlebox.nxdomain_empty_404",
    tier: "user",
    expect: each({ status: "inconclusive", rule: null }),
    stage: (p, lab) => {
      for (const h of lab.hosts.values()) {
        p.system.set(h.host, { rcode: "NXDOMAIN" });
        p.control.set(h.host, { rcode: "NXDOMAIN" });
        for (const ip of [h.v4, h.altV4, h.v6].filter((a): a is string => !!a)) {
          for (const port of [80, 443]) p.routes.set(routeKey(ip, port), "middlebox-404");
        }
      }
      ALL.forEach((s) => route(p, lab, s, { tls: "middlebox-404", plain: "middlebox-404" }));
    },
  },

  // A transparent HTTP proxy on a network that otherwise works (controls up, true DNS
  // answers, TLS passed through): every plain-HTTP request is answered at once with an
  // empty 404, byte for byte what Telegram's data centres send. Only timing gives it away:
  // no probe is near Miami and Singapore at once (H5). The healthy stand-ins answer after
  // the round trip from Moscow, so the same round without the proxy is ok.
  {
    id: "middlebox.http_proxy_404",
    tier: "user",
    expect: {
      whatsapp: { status: "ok", rule: "OK" },
      telegram: { status: "partial", rule: "H5", target: { id: "telegram.dc.149.154.171.5.80", rule: "H5" } },
      max: { status: "ok", rule: "OK" },
    },
    stage: (p, lab) => ALL.forEach((s) => route(p, lab, s, { tls: "web-b", plain: "middlebox-404" }, (t) => t.literal)),
  },

  // Harmless quirks: all must be ok
  { id: "quirk.whatsapp_web_302", tier: "user", expect: { whatsapp: { status: "ok", rule: "OK", target: { id: "whatsapp.web", rule: "H3" } } }, stage: (p) => void (p.quirks.whatsappWebStatus = 302) },
  { id: "quirk.whatsapp_web_403", tier: "user", expect: { whatsapp: { status: "ok", rule: "OK", target: { id: "whatsapp.web", rule: "H3" } } }, stage: (p) => void (p.quirks.whatsappWebStatus = 403) },
  { id: "quirk.registration_4xx", tier: "user", expect: { whatsapp: { status: "ok", rule: "OK", target: { id: "whatsapp.registration", rule: "H3" } } }, stage: (p) => void (p.quirks.registrationStatus = 400) },
  { id: "quirk.telegram_dc_404", tier: "user", expect: { telegram: { status: "ok", rule: "OK", target: { id: "telegram.dc.149.154.175.50.80", rule: "H3" } } }, stage: (p) => void (p.quirks.dcStatus = 404) },
  { id: "quirk.telegram_dc_501", tier: "user", expect: { telegram: { status: "ok", rule: "OK", target: { id: "telegram.dc.149.154.175.50.80", rule: "H3" } } }, stage: (p) => void (p.quirks.dcStatus = 501) },
  {
    id: "quirk.dns_differs_inside_networks",
    tier: "user",
    expect: each({ status: "ok", rule: "OK" }),
    stage: (p, lab) => ALL.forEach((s) => answer(p, lab, s, (h) => ({ A: [h.altV4!], AAAA: [] }))),
  },
  {
    id: "quirk.no_ipv6",
    tier: "user",
    expect: each({ status: "ok", rule: "OK" }),
    stage: (p, lab) => ALL.forEach((s) => answer(p, lab, s, (h) => ({ A: [h.v4], AAAA: [] }))),
  },
  {
    id: "quirk.whatsapp_5222_closed",
    tier: "user",
    expect: { whatsapp: { status: "ok", rule: "OK" } },
    stage: (p, lab) => route(p, lab, "whatsapp", { tls: "refused", plain: "refused" }, (t) => t.port === 5222),
  },
];

