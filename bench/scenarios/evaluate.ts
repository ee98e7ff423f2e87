// Scores detected events against a scenario's ground truth. A detected network event
// matches a true one when service and ASN agree and their overlap covers at least half of
// each (one-to-one, largest overlap first); onset error is measured from the moment a
// quorum could first see the event.
import type { DetectedEvent, NetworkStatus } from "../../lib/detect/types";
import type { GeneratedScenario, TruthEvent } from "./types";

export interface ScenarioScore {
  /** Detectable true network events. */
  truths: number;
  detected: number;
  matched: number;
  falseEvents: number;
  missed: number;
  /** True events in networks too thin to see them (must stay unknown). */
  undetectable: number;
  /** Signed errors in buckets (detected minus true). */
  onsetErrors: number[];
  endErrors: number[];
  /** Matched events whose dominant technique equals the true one. */
  techniqueRight: number;
  kindRight: number;
  countryTruths: number;
  countryDetected: number;
  countryMatched: number;
  countryKindRight: number;
}

interface Span {
  from: number;
  to: number;
}

function overlapEnough(a: Span, b: Span): boolean {
  const overlap = Math.min(a.to, b.to) - Math.max(a.from, b.from);
  return overlap > 0 && overlap >= 0.5 * (a.to - a.from) && overlap >= 0.5 * (b.to - b.from);
}

function overlapMs(a: Span, b: Span): number {
  return Math.min(a.to, b.to) - Math.max(a.from, b.from);
}

function detectedSpan(e: DetectedEvent, endMs: number): Span {
  return { from: Date.parse(e.start), to: e.end === null ? endMs : Date.parse(e.end) };
}

function truthSpan(t: { observableStart?: string; start: string; end: string | null }, endMs: number): Span {
  return { from: Date.parse(t.observableStart ?? t.start), to: t.end === null ? endMs : Date.parse(t.end) };
}

/** Greedy one-to-one matching, largest overlap first. */
function match<T, D>(truths: T[], detected: D[], ok: (t: T, d: D) => boolean, size: (t: T, d: D) => number): [number, number][] {
  const pairs: { ti: number; di: number; size: number }[] = [];
  truths.forEach((t, ti) => detected.forEach((d, di) => ok(t, d) && pairs.push({ ti, di, size: size(t, d) })));
  pairs.sort((a, b) => b.size - a.size || a.ti - b.ti || a.di - b.di);
  const usedT = new Set<number>();
  const usedD = new Set<number>();
  const out: [number, number][] = [];
  for (const p of pairs) {
    if (usedT.has(p.ti) || usedD.has(p.di)) continue;
    usedT.add(p.ti);
    usedD.add(p.di);
    out.push([p.ti, p.di]);
  }
  return out;
}

export function scoreScenario(s: GeneratedScenario, events: DetectedEvent[], bucketMinutes: number): ScenarioScore {
  const endMs = Date.parse(s.end);
  const bucket = bucketMinutes * 60_000;
  const truths: TruthEvent[] = s.truth.filter((t) => t.detectable);
  const net = events.filter((e) => e.scope.level === "network");
  const pairs = match(
    truths,
    net,
    (t, d) => d.service === t.service && d.scope.level === "network" && d.scope.asn === t.asn && overlapEnough(truthSpan(t, endMs), detectedSpan(d, endMs)),
    (t, d) => overlapMs(truthSpan(t, endMs), detectedSpan(d, endMs)),
  );
  const onsetErrors: number[] = [];
  const endErrors: number[] = [];
  let techniqueRight = 0;
  let kindRight = 0;
  for (const [ti, di] of pairs) {
    const t = truths[ti];
    const d = net[di];
    const ts = truthSpan(t, endMs);
    const ds = detectedSpan(d, endMs);
    onsetErrors.push((ds.from - ts.from) / bucket);
    endErrors.push((ds.to - ts.to) / bucket);
    if (d.technique === t.technique) techniqueRight++;
    if (d.kind === t.kind) kindRight++;
  }
  const country = events.filter((e) => e.scope.level === "country");
  const cPairs = match(
    s.countryTruth,
    country,
    (t, d) => d.service === t.service && overlapEnough(truthSpan(t, endMs), detectedSpan(d, endMs)),
    (t, d) => overlapMs(truthSpan(t, endMs), detectedSpan(d, endMs)),
  );
  return {
    truths: truths.length,
    detected: net.length,
    matched: pairs.length,
    falseEvents: net.length - pairs.length,
    missed: truths.length - pairs.length,
    undetectable: s.truth.length - truths.length,
    onsetErrors,
    endErrors,
    techniqueRight,
    kindRight,
    countryTruths: s.countryTruth.length,
    countryDetected: country.length,
    countryMatched: cPairs.length,
    countryKindRight: cPairs.filter(([ti, di]) => s.countryTruth[ti].kind === country[di].kind).length,
  };
}

/**
 * For true events the network was too thin to see: the share of their buckets the detector
 * called `unknown` (it should be 1: never ok, never blocked).
 */
export function unknownShareOfUndetectable(s: GeneratedScenario, networks: NetworkStatus[]): number | null {
  let total = 0;
  let unknown = 0;
  for (const t of s.truth) {
    if (t.detectable) continue;
    const from = Date.parse(t.start);
    const to = t.end === null ? Date.parse(s.end) : Date.parse(t.end);
    const n = networks.find((x) => x.service === t.service && x.asn === t.asn && x.cc === t.cc);
    if (!n) continue;
    for (const run of n.timeline) {
      const overlap = Math.min(to, Date.parse(run.to)) - Math.max(from, Date.parse(run.from));
      if (overlap <= 0) continue;
      total += overlap;
      if (run.state === "unknown") unknown += overlap;
    }
  }
  return total === 0 ? null : unknown / total;
}
