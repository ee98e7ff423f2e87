// dns: A and AAAA through the system resolver (or the configured ip:port standing in for
// it) and through the independent control resolver (ip:port or DoH), in parallel.
import { Resolver } from "node:dns/promises";
import https from "node:https";
import dnsPacket from "dns-packet";
import type { ResolverAnswer } from "../../lib/measurement/schema";
import { RECORD_LIMITS } from "../../lib/measurement/schema";
import type { Failure } from "../../lib/measurement/vocabulary";
import { isIp } from "../../lib/net/ip";
import { classifyDnsError, classifyDnsRcode, classifyNetworkError, STAGE_TIMEOUT, stageError } from "../failures";
import { connectEndpoint, deadline, elapsed, now, type Stage, type StageContext } from "./stage";

export interface DnsResult {
  system: ResolverAnswer;
  control: ResolverAnswer | null;
}

type QueryType = "A" | "AAAA";
interface QueryOutcome {
  addrs: string[];
  failure: Failure | null;
}

/** Addresses of both families; the A failure speaks for the name when neither answered. */
export function mergeAnswers(a: QueryOutcome, aaaa: QueryOutcome): QueryOutcome {
  const addrs = [...a.addrs, ...aaaa.addrs].slice(0, RECORD_LIMITS.addressesPerAnswer);
  if (addrs.length > 0) return { addrs, failure: null };
  return { addrs, failure: a.failure ?? aaaa.failure ?? "dns_no_answer" };
}

async function aresQuery(resolver: Resolver, name: string, type: QueryType): Promise<QueryOutcome> {
  try {
    const addrs = type === "A" ? await resolver.resolve4(name) : await resolver.resolve6(name);
    return { addrs, failure: addrs.length ? null : "dns_no_answer" };
  } catch (err) {
    return { addrs: [], failure: classifyDnsError(err) };
  }
}

const tracked = new WeakSet<object>();

function dohQuery(url: URL, name: string, type: QueryType, ctx: StageContext): Promise<QueryOutcome> {
  const body = dnsPacket.encode({ type: "query", id: 0, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type, name, class: "IN" }] });
  const urlHost = url.hostname.replace(/^\[|\]$/g, "");
  const port = Number(url.port || 443);
  const endpoint = isIp(urlHost)
    ? connectEndpoint(ctx, urlHost, port, null)
    : ctx.addressMap.lookup(urlHost, port, urlHost) ?? (ctx.config.connect_only_mapped ? connectEndpoint(ctx, urlHost, port, urlHost) : { host: urlHost, port });
  return new Promise((resolve) => {
    let settled = false;
    const done = (o: QueryOutcome) => {
      if (settled) return;
      settled = true;
      timer.cancel();
      // A finished exchange leaves its connection to the agent for the next query.
      if (o.failure !== null && o.failure !== "dns_nxdomain_error" && o.failure !== "dns_no_answer") req.destroy();
      resolve(o);
    };
    const req = https.request({
      host: endpoint.host,
      port: endpoint.port,
      servername: isIp(urlHost) ? undefined : urlHost,
      path: url.pathname + url.search,
      method: "POST",
      agent: ctx.dohAgent ?? false,
      // Passed on to tls.connect (not in https' own option type): no per-query trust store.
      ...({ secureContext: ctx.secureContext } as object),
      headers: { "content-type": "application/dns-message", accept: "application/dns-message", "content-length": body.length },
    });
    const timer = deadline(ctx.config.timeouts.dns_ms, () => done({ addrs: [], failure: classifyNetworkError(stageError(STAGE_TIMEOUT)) }));
    req.on("socket", (s) => {
      // A reused keep-alive socket is counted once.
      if (!tracked.has(s)) {
        tracked.add(s);
        ctx.bytes.track(s);
      }
    });
    req.on("error", (err) => done({ addrs: [], failure: classifyNetworkError(err) }));
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (c: Buffer) => {
        size += c.length;
        if (size > 65_535) return done({ addrs: [], failure: "dns_lookup_error" });
        chunks.push(c);
      });
      res.on("error", (err) => done({ addrs: [], failure: classifyNetworkError(err) }));
      res.on("end", () => {
        if (res.statusCode !== 200) return done({ addrs: [], failure: "dns_lookup_error" });
        try {
          const packet = dnsPacket.decode(Buffer.concat(chunks)) as dnsPacket.DecodedPacket & { rcode?: string };
          const addrs = (packet.answers ?? []).filter((a) => a.type === type).map((a) => String((a as { data: unknown }).data));
          done({ addrs, failure: classifyDnsRcode(packet.rcode, addrs.length) });
        } catch {
          done({ addrs: [], failure: "dns_lookup_error" });
        }
      });
    });
    req.end(body);
  });
}

/** One resolver's answer for a name; never throws. */
async function resolveWith(spec: string | null, name: string, ctx: StageContext): Promise<ResolverAnswer> {
  const start = now();
  let a: QueryOutcome;
  let aaaa: QueryOutcome;
  if (spec?.startsWith("https://")) {
    const url = new URL(spec);
    [a, aaaa] = await Promise.all([dohQuery(url, name, "A", ctx), dohQuery(url, name, "AAAA", ctx)]);
  } else {
    // A fresh c-ares channel per lookup: no answer cached from an earlier round leaks in.
    const resolver = new Resolver({ timeout: ctx.config.timeouts.dns_ms, tries: 1 });
    if (spec) resolver.setServers([spec]);
    [a, aaaa] = await Promise.all([aresQuery(resolver, name, "A"), aresQuery(resolver, name, "AAAA")]);
    resolver.cancel();
  }
  const merged = mergeAnswers(a, aaaa);
  return { resolver: spec === null ? "system" : spec.startsWith("https://") ? `doh:${spec}` : spec, addrs: merged.addrs, failure: merged.failure, t_ms: elapsed(start) };
}

export const dnsStage: Stage<{ host: string }, DnsResult> = {
  name: "dns",
  async run({ host }, ctx) {
    const [system, control] = await Promise.all([
      resolveWith(ctx.config.resolvers.system, host, ctx),
      resolveWith(ctx.config.resolvers.control, host, ctx),
    ]);
    return { system, control };
  },
};
