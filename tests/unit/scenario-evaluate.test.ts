// Scoring detected events against ground truth: the half-overlap matching rule.
import { describe, expect, it } from "vitest";
import { scoreScenario } from "../../bench/scenarios/evaluate";
import type { DetectedEvent } from "../../lib/detect/types";
import type { GeneratedScenario, TruthEvent } from "../../bench/scenarios/types";

const H = 3_600_000;
const T = Date.UTC(2026, 0, 5);
const at = (h: number) => new Date(T + h * H).toISOString();

function truth(from: number, to: number | null, asn = 12389): TruthEvent {
  return { service: "whatsapp", cc: "RU", asn, kind: "block", technique: "tcp", start: at(from), end: to === null ? null : at(to), observableStart: at(from), detectable: true };
}

function detected(from: number, to: number | null, asn = 12389): DetectedEvent {
  return {
    id: `ev_${from}_${asn}`,
    kind: "block",
    service: "whatsapp",
    scope: { level: "network", cc: "RU", asn },
    start: at(from),
    onset: { lastHealthy: null, firstAnomalous: at(from) },
    end: to === null ? null : at(to),
    endBracket: null,
    ongoing: to === null,
    settled: true,
    asns: [asn],
    regions: [],
    technique: "tcp",
    techniques: { tcp: 1 },
    level: "critical",
    severity: 1,
    meanDrop: 1,
    evidence: { observations: 1, anomalous: 1, healthy: 0, noEvidence: 0, probes: 1, owners: 1, buckets: 1, anomalousBuckets: 1, unknownBuckets: 0 },
    baseline: { throughputKbps: null, meanRatio: null, probes: 0 },
    measurementIds: [],
    measurementCount: 1,
    members: [],
  };
}

function scenario(truths: TruthEvent[]): GeneratedScenario {
  return { name: "t", seed: 1, start: at(0), end: at(100), observations: [], receivedAtMs: [], truth: truths, countryTruth: [], probeCount: 1, probeMonths: 1, failureRate: 0.03 };
}

describe("scoreScenario", () => {
  it("matches when service and ASN agree and the overlap covers half of each", () => {
    const s = scoreScenario(scenario([truth(10, 20)]), [detected(10.5, 20.5)], 10);
    expect(s).toMatchObject({ matched: 1, falseEvents: 0, missed: 0 });
    expect(s.onsetErrors).toEqual([3]);
    expect(s.endErrors).toEqual([3]);
  });

  it("does not match another ASN, or an event covering less than half", () => {
    expect(scoreScenario(scenario([truth(10, 20)]), [detected(10, 20, 8359)], 10)).toMatchObject({ matched: 0, falseEvents: 1, missed: 1 });
    expect(scoreScenario(scenario([truth(10, 20)]), [detected(10, 14)], 10)).toMatchObject({ matched: 0, falseEvents: 1, missed: 1 });
    // Covers the truth but is more than twice as long.
    expect(scoreScenario(scenario([truth(10, 20)]), [detected(10, 31)], 10)).toMatchObject({ matched: 0 });
  });

  it("counts a fragmented detection once and the extra pieces as false events", () => {
    const s = scoreScenario(scenario([truth(10, 20)]), [detected(10, 18), detected(18.5, 20)], 10);
    expect(s).toMatchObject({ matched: 1, falseEvents: 1, missed: 0 });
  });

  it("treats an event open at the end of the data as ending there", () => {
    expect(scoreScenario(scenario([truth(90, null)]), [detected(90, null)], 10)).toMatchObject({ matched: 1 });
  });

  it("leaves undetectable truths out of recall", () => {
    const s = scoreScenario(scenario([{ ...truth(10, 20), detectable: false }]), [], 10);
    expect(s).toMatchObject({ truths: 0, undetectable: 1, missed: 0 });
  });
});
