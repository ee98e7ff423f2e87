// Property: scoring is monotone in failures. Over generated rounds of every service (each
// target ok, blocked in one of several real-world ways, failed for a cause the rules cannot
// name, slowed, or not measured; controls ok, one failed or both failed), removing any set
// of failing components never makes the verdict worse, and so adding one never makes it
// better. A failure without a control is still a failure: it can never vanish into "ok".
// H5 (answers from something in between) judges targets against each other: an answer too
// quick for the distance to another answer's site marks both, so adding an answer can only
// add evidence against the others, and removing one only take it away.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Controls, MeasurementRecord, ServiceVerdict, Stages, TargetResult } from "../../lib/measurement/schema";
import type { ServiceId } from "../../lib/measurement/vocabulary";
import { findTarget } from "../../lib/targets";
import { scoreRecord } from "../../lib/verdict";
import {
  controlTransfer, dnsAnswer, dnsFailure, failedControl, http, okControls, okTargets, record, throughput, tls, transfer, ws,
} from "./fixtures/records";

/** Worse is larger: ok, then unreadable rounds, then slowed, partly and wholly blocked. */
const STATUS_RANK: Record<ServiceVerdict["status"], number> = { ok: 0, error: 1, inconclusive: 1, throttled: 2, partial: 3, blocked: 4 };
const CLASS_RANK: Record<ServiceVerdict["class"], number> = { ok: 0, failure: 1, anomaly: 2, confirmed: 3 };
const rank = (v: ServiceVerdict): [number, number] => [STATUS_RANK[v.status], CLASS_RANK[v.class]];
const notWorse = (a: [number, number], b: [number, number]) => a[0] < b[0] || (a[0] === b[0] && a[1] <= b[1]);

/** Ways a target fails, each as a real probe (or OONI import) would record it. */
const FAILURES = [
  "tcp_timeout", // T1
  "tcp_unreachable", // error: host_unreachable
  "dns_nxdomain_no_control", // error: no control resolver (imported data)
  "dns_nxdomain_control_failed", // D4
  "dns_nxdomain", // D2
  "dns_bogon", // D1
  "tls_reset", // S1/S4
  "http_reset", // H2 at http or ws
  "http_timeout", // H4
  "policed", // P2 on a throughput target
  "injected", // H5 faster_than_connect: an unprotected answer in 2 ms over an 80 ms connect
  "wrong_page", // H6: a 200 HTML page where the target's profile expects something else
] as const;
/**
 * An unprotected answer in 1 ms: H5 faster_than_distance when another answer comes from a
 * site too far away for both to be genuine, else ok. Not a failure on its own, so only the
 * monotonicity property (which may drop it) generates it as a droppable outcome.
 */
const PAIRWISE = "fast_answer";
const DROPPABLE: readonly string[] = [...FAILURES, PAIRWISE];
type Outcome = "ok" | "not_measured" | (typeof FAILURES)[number] | typeof PAIRWISE;

/** The stages of `t` changed to show `outcome`, or null where the target has no such stage. */
function apply(t: TargetResult, outcome: Outcome): Stages | null {
  const s = t.stages;
  switch (outcome) {
    case "ok":
      return s;
    case "not_measured":
      return {};
    case "tcp_timeout":
    case "tcp_unreachable":
      return s.tcp ? { dns: s.dns, tcp: { ...s.tcp, failure: outcome === "tcp_timeout" ? "generic_timeout_error" : "host_unreachable", t_ms: null } } : null;
    case "dns_nxdomain_no_control":
      return s.dns ? { dns: dnsFailure("dns_nxdomain_error", null) } : null;
    case "dns_nxdomain_control_failed":
      return s.dns ? { dns: dnsFailure("dns_nxdomain_error", []) } : null;
    case "dns_nxdomain":
      return s.dns ? { dns: dnsFailure("dns_nxdomain_error", s.dns.system.addrs) } : null;
    case "dns_bogon":
      return s.dns ? { dns: dnsAnswer(["127.0.0.1"], s.dns.system.addrs) } : null;
    case "tls_reset":
      return s.tls ? { dns: s.dns, tcp: s.tcp, tls: tls(s.tls.ip ?? "", s.tls.sni, "connection_reset") } : null;
    case "http_reset":
    case "http_timeout": {
      const failure = outcome === "http_reset" ? "connection_reset" : "generic_timeout_error";
      if (s.http) return { ...s, http: http(s.http.url, { method: s.http.method, failure }), ws: undefined, throughput: undefined };
      if (s.ws) return { ...s, ws: ws(s.ws.url, null, failure), throughput: undefined };
      return null;
    }
    case "policed":
      return s.throughput ? { ...s, throughput: throughput(transfer(s.throughput.url, { kbps: 120 }), controlTransfer(8000)) } : null;
    case "wrong_page":
      return s.http && findTarget(t.id)?.profile ? { ...s, http: { ...s.http, status: 200, bytes: 3000, body_kind: "html" } } : null;
    case "injected":
    case "fast_answer":
      // Only an answer no validated TLS protects is one a middlebox could give.
      if (!s.http || !s.tcp || s.tls) return null;
      return {
        ...s,
        tcp: { ...s.tcp, t_ms: outcome === "injected" ? 80 : 1 },
        http: { ...s.http, status: 404, bytes: 0, ttfb_ms: outcome === "injected" ? 2 : 1, t_ms: 2 },
      };
  }
}

const SERVICES: ServiceId[] = ["whatsapp", "telegram", "max"];
const CONTROLS: (Controls | null)[] = [
  okControls(),
  null, // imported data
  { domestic: okControls().domestic, foreign: failedControl("www.wikipedia.org") }, // allowlist
  { domestic: failedControl("ya.ru"), foreign: failedControl("www.wikipedia.org") }, // network down
];

interface Round {
  service: ServiceId;
  outcomes: Outcome[];
  controls: Controls | null;
  /** Per component: whether to drop it, when it is a failing one. */
  drop: boolean[];
}

const roundArb: fc.Arbitrary<Round> = fc.constantFrom(...SERVICES).chain((service) => {
  const n = okTargets(service).length;
  const outcome = fc.oneof(
    { weight: 5, arbitrary: fc.constant<Outcome>("ok") },
    { weight: 1, arbitrary: fc.constant<Outcome>("not_measured") },
    { weight: 4, arbitrary: fc.constantFrom<Outcome>(...FAILURES) },
    { weight: 2, arbitrary: fc.constant<Outcome>(PAIRWISE) },
  );
  return fc.record({
    service: fc.constant(service),
    outcomes: fc.array(outcome, { minLength: n, maxLength: n }),
    controls: fc.constantFrom(...CONTROLS),
    drop: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
  });
});

function build(r: Round): { full: MeasurementRecord; reduced: MeasurementRecord; failing: string[]; droppable: string[] } {
  const targets = okTargets(r.service).map((t, i) => ({ ...t, stages: apply(t, r.outcomes[i]) ?? t.stages }));
  const outcomeOf = new Map(targets.map((t, i) => [t.id, apply(okTargets(r.service)[i], r.outcomes[i]) === null ? "ok" : r.outcomes[i]]));
  // A failing component: every target failed (none ok, none unmeasured). Dropping one
  // removes failures only, never a working target.
  const components = [...new Set(targets.map((t) => t.component))];
  const all = (c: string, outcomes: readonly string[]) => targets.filter((t) => t.component === c).every((t) => outcomes.includes(outcomeOf.get(t.id)!));
  const failing = components.filter((c) => all(c, FAILURES));
  // Components of failures and of answers that may be a middlebox's.
  const droppable = components.filter((c) => all(c, DROPPABLE));
  const dropped = droppable.filter((_, i) => r.drop[i % r.drop.length]);
  const full = record(r.service, targets, { controls: r.controls });
  const kept = targets.filter((t) => !dropped.includes(t.component));
  // A record needs one target; a round of nothing but failures keeps one to compare with.
  const reduced = record(r.service, kept.length > 0 ? kept : targets.slice(0, 1), { controls: r.controls });
  return { full, reduced, failing, droppable };
}

describe("scoring is monotone in failing components (property)", () => {
  it("removing failing components never makes a verdict worse; adding them never makes it better", () => {
    const rules = new Set<string>();
    fc.assert(
      fc.property(roundArb, (r) => {
        const { full, reduced } = build(r);
        const before = scoreRecord(full);
        const after = scoreRecord(reduced);
        for (const t of before.targets) if (!before.allowlist) rules.add(`${t.rule}:${t.detail}`);
        expect(notWorse(rank(after), rank(before)), `${full.service}: with ${before.status}/${before.class}, without ${after.status}/${after.class}`).toBe(true);
      }),
      { numRuns: 600, seed: 20261202 },
    );
    // The generator reaches both kinds of H5, and H6.
    expect([...rules].filter((r) => /^H[56]:/.test(r)).sort()).toEqual(["H5:faster_than_connect", "H5:faster_than_distance", "H6:profile_body", "H6:profile_status"]);
  });

  it("a round with a reachability component whose every target failed is never ok, whatever the cause", () => {
    fc.assert(
      fc.property(roundArb, (r) => {
        const { full, failing } = build(r);
        if (failing.some((c) => c !== "throughput")) expect(scoreRecord(full).status).not.toBe("ok");
      }),
      { numRuns: 400, seed: 20261203 },
    );
  });
});
