// bench:detect - runs the detector over every scenario with several seeds and prints, per
// scenario, precision, recall, onset and end error, false events (per probe-month), and
// whether incremental ingestion in arrival order gives exactly the batch result.
//   npx tsx scripts/bench-detect.ts [--seeds 10] [--incremental-seeds 3] [--retain-buckets 0] [--scenario NAME ...]
import { isDeepStrictEqual } from "node:util";
import { createDetectorState, detect, ingest } from "../lib/detect/detector";
import { DEFAULT_DETECT_CONFIG } from "../lib/detect/config";
import type { DetectionResult, RoundObservation } from "../lib/detect/types";
import { SCENARIOS, scenarioByName } from "../bench/scenarios/catalog";
import { scoreScenario, unknownShareOfUndetectable, type ScenarioScore } from "../bench/scenarios/evaluate";
import { arrivalOrder, generateScenario } from "../bench/scenarios/generate";
import type { GeneratedScenario } from "../bench/scenarios/types";

function parseArgs(argv: string[]) {
  const out = { seeds: 10, incrementalSeeds: 3, retainBuckets: 0, scenarios: [] as string[] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === "--seeds") out.seeds = Number(value());
    else if (a === "--incremental-seeds") out.incrementalSeeds = Number(value());
    else if (a === "--retain-buckets") out.retainBuckets = Number(value());
    else if (a === "--scenario") out.scenarios.push(value());
    else throw new Error(`unknown argument "${a}" (known: --seeds N, --incremental-seeds N, --retain-buckets N, --scenario NAME)`);
  }
  if (!Number.isInteger(out.seeds) || out.seeds < 1) throw new Error("--seeds must be a positive integer");
  if (!Number.isInteger(out.incrementalSeeds) || out.incrementalSeeds < 0) throw new Error("--incremental-seeds must be an integer >= 0");
  return out;
}

/** Feeds observations in the order the server received them, one hour of arrivals at a time. */
function runIncremental(g: GeneratedScenario, retainBuckets: number): DetectionResult {
  const order = arrivalOrder(g);
  // Retention needs checkpoints kept a little longer than the observations.
  let state = createDetectorState(retainBuckets > 0 ? { retainBuckets, checkpointRetainBuckets: Math.max(DEFAULT_DETECT_CONFIG.checkpointRetainBuckets, retainBuckets + DEFAULT_DETECT_CONFIG.checkpointEveryBuckets) } : {});
  let result: DetectionResult = detect([]);
  let i = 0;
  let clock = g.receivedAtMs[order[0]];
  while (i < order.length) {
    clock += 3_600_000;
    const chunk: RoundObservation[] = [];
    while (i < order.length && g.receivedAtMs[order[i]] < clock) chunk.push(g.observations[order[i++]]);
    if (chunk.length) ({ state, result } = ingest(state, chunk));
  }
  return result;
}

const fmt = (v: number | null, digits = 2) => (v === null || Number.isNaN(v) ? "-" : v.toFixed(digits));
const ratio = (a: number, b: number) => (b === 0 ? null : a / b);
const meanAbs = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + Math.abs(x), 0) / xs.length : null);
const maxAbs = (xs: number[]) => (xs.length ? Math.max(...xs.map(Math.abs)) : null);

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  ")).join("\n");
}

interface Summary {
  name: string;
  precision: number | null;
  recall: number | null;
  onsetMax: number | null;
  falseEvents: number;
  falsePerProbeMonth: number;
  incrementalOk: string;
  unknownShare: number | null;
  pass: boolean;
  notes: string[];
}

const { seeds, incrementalSeeds, retainBuckets, scenarios } = parseArgs(process.argv.slice(2));
const specs = scenarios.length ? scenarios.map(scenarioByName) : SCENARIOS;
/** The brief: "no event from a probe outage or a control outage". */
const NO_EVENT_SCENARIOS = new Set(["probe-offline", "control-outage"]);
console.log(
  `bench:detect  seeds ${seeds}  incremental check on ${Math.min(seeds, incrementalSeeds)} seed(s) per scenario` +
    `${retainBuckets ? ` with retention of ${retainBuckets} buckets` : ""}  bucket ${DEFAULT_DETECT_CONFIG.bucketMinutes} min`,
);
const summaries: Summary[] = [];
const started = performance.now();

for (const spec of specs) {
  const rows: string[][] = [["seed", "obs", "fail%", "true", "det", "match", "precision", "recall", "onset|max|", "end|max|", "country m/t/d", "kind ok", "technique ok", "false", "incr==batch", "ms"]];
  const all: ScenarioScore[] = [];
  let probeMonths = 0;
  let incrementalChecked = 0;
  let incrementalEqual = 0;
  const unknownShares: number[] = [];
  for (let seed = 1; seed <= seeds; seed++) {
    const g = generateScenario(spec, seed);
    const t0 = performance.now();
    const result = detect(g.observations);
    const ms = performance.now() - t0;
    let same = "-";
    if (seed <= incrementalSeeds) {
      incrementalChecked++;
      const inc = runIncremental(g, retainBuckets);
      const eq = isDeepStrictEqual(inc, result);
      if (eq) incrementalEqual++;
      same = eq ? "yes" : "NO";
    }
    const s = scoreScenario(g, result.events, DEFAULT_DETECT_CONFIG.bucketMinutes);
    const share = unknownShareOfUndetectable(g, result.networks);
    if (share !== null) unknownShares.push(share);
    all.push(s);
    probeMonths += g.probeMonths;
    rows.push([
      String(seed),
      String(g.observations.length),
      fmt(g.failureRate * 100, 1),
      String(s.truths),
      String(s.detected),
      String(s.matched),
      fmt(ratio(s.matched, s.detected)),
      fmt(ratio(s.matched, s.truths)),
      fmt(maxAbs(s.onsetErrors), 1),
      fmt(maxAbs(s.endErrors), 1),
      `${s.countryMatched}/${s.countryTruths}/${s.countryDetected}`,
      `${s.kindRight}/${s.matched}`,
      `${s.techniqueRight}/${s.matched}`,
      String(s.falseEvents),
      same,
      fmt(ms, 0),
    ]);
  }
  const sum = (f: (s: ScenarioScore) => number) => all.reduce((n, s) => n + f(s), 0);
  const onsets = all.flatMap((s) => s.onsetErrors);
  const ends = all.flatMap((s) => s.endErrors);
  const truths = sum((s) => s.truths);
  const detected = sum((s) => s.detected);
  const matched = sum((s) => s.matched);
  const falseEvents = sum((s) => s.falseEvents);
  rows.push([
    "all",
    "",
    "",
    String(truths),
    String(detected),
    String(matched),
    fmt(ratio(matched, detected)),
    fmt(ratio(matched, truths)),
    fmt(maxAbs(onsets), 1),
    fmt(maxAbs(ends), 1),
    `${sum((s) => s.countryMatched)}/${sum((s) => s.countryTruths)}/${sum((s) => s.countryDetected)}`,
    `${sum((s) => s.kindRight)}/${matched}`,
    `${sum((s) => s.techniqueRight)}/${matched}`,
    String(falseEvents),
    `${incrementalEqual}/${incrementalChecked}`,
    "",
  ]);
  console.log(`\n== ${spec.name}: ${spec.description}`);
  console.log(table(rows));
  const precision = ratio(matched, detected);
  const recall = ratio(matched, truths);
  const falsePerProbeMonth = falseEvents / probeMonths;
  console.log(
    `onset error |mean| ${fmt(meanAbs(onsets))} buckets, mean ${fmt(onsets.length ? onsets.reduce((a, b) => a + b, 0) / onsets.length : null)}; end error |mean| ${fmt(meanAbs(ends))}, mean ${fmt(ends.length ? ends.reduce((a, b) => a + b, 0) / ends.length : null)}; ` +
      `false events ${falseEvents} over ${fmt(probeMonths, 1)} probe-months = ${fmt(falsePerProbeMonth, 3)} per probe-month` +
      (unknownShares.length ? `; thin networks unknown during their true events: ${fmt((100 * unknownShares.reduce((a, b) => a + b, 0)) / unknownShares.length, 1)} % of the time` : ""),
  );
  // Precision and recall are judged where there are true events; scenarios without any
  // are judged by their false events (none from probe or control outages, < 0.1 per
  // probe-month otherwise), since any detection there makes precision 0.
  const notes: string[] = [];
  if (truths > 0) {
    if (precision === null || precision < 0.95) notes.push(`precision ${fmt(precision)} < 0.95`);
    if (recall === null || recall < 0.95) notes.push(`recall ${fmt(recall)} < 0.95`);
    if (onsets.length && (maxAbs(onsets) as number) > 2) notes.push(`onset error up to ${fmt(maxAbs(onsets), 1)} buckets`);
  }
  if (NO_EVENT_SCENARIOS.has(spec.name) && falseEvents > 0) notes.push(`${falseEvents} false event(s)`);
  if (falsePerProbeMonth >= 0.1) notes.push(`${fmt(falsePerProbeMonth, 3)} false events per probe-month`);
  if (incrementalEqual !== incrementalChecked) notes.push("incremental differs from batch");
  if (unknownShares.some((x) => x < 1)) notes.push("thin network not always unknown");
  summaries.push({
    name: spec.name,
    precision: truths > 0 ? precision : null,
    recall,
    onsetMax: maxAbs(onsets),
    falseEvents,
    falsePerProbeMonth,
    incrementalOk: `${incrementalEqual}/${incrementalChecked}`,
    unknownShare: unknownShares.length ? unknownShares.reduce((a, b) => a + b, 0) / unknownShares.length : null,
    pass: notes.length === 0,
    notes,
  });
}

console.log(`\n== summary (targets: precision and recall >= 0.95, onset error <= 2 buckets, no event from probe or control outages, < 0.1 false events per probe-month)`);
console.log(`precision "-": the scenario has no true events, so it is judged by its false events`);
console.log(
  table([
    ["scenario", "precision", "recall", "onset max", "false", "false/probe-month", "incr==batch", "thin unknown", "meets targets"],
    ...summaries.map((s) => [
      s.name,
      fmt(s.precision),
      fmt(s.recall),
      fmt(s.onsetMax, 1),
      String(s.falseEvents),
      fmt(s.falsePerProbeMonth, 3),
      s.incrementalOk,
      s.unknownShare === null ? "-" : `${fmt(100 * s.unknownShare, 1)} %`,
      s.pass ? "yes" : `NO (${s.notes.join("; ")})`,
    ]),
  ]),
);
console.log(`\ntotal ${fmt((performance.now() - started) / 1000, 1)} s`);
if (summaries.some((s) => !s.pass)) process.exitCode = 1;
