// Property: over random data ingested in random order and random queries (filters, axes,
// grains, whole-day and ragged ranges), the aggregation API's counts, medians,
// distinct-probe counts and coverage equal the same figures computed directly from the raw
// rows, and the same answer comes from the hourly rollups alone (day path == hour path ==
// raw rows); and rebuilding both rollup levels from the raw rows reproduces what
// incremental ingestion wrote.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET } from "../../app/api/v1/aggregation/route";
import { parseAggregationParams } from "../../lib/api/aggregation-params";
import { AGGREGATION_AXES, type AggregationAxis } from "../../lib/query/aggregation";
import { shapeAggregation } from "../../lib/api/aggregation-result";
import { mulberry32, type Random } from "../../lib/random";
import { bucketIndex, bucketRange, histogramMedian, histogramOf, HISTOGRAMS } from "../../lib/rollup/histogram";
import { allowedGrains, bucketLabel, bucketStart, type TimeGrain } from "../../lib/rollup/time-grain";
import { ingestMeasurements } from "../../lib/store/ingest";
import type { Store } from "../../lib/store/open";
import { aggregationLevels, aggregationRows } from "../../lib/store/queries/aggregation";
import { rebuildRollups } from "../../lib/store/rollups";
import { countryDataRange, countrySources, dailyTimeline } from "../../lib/store/queries/timeline";
import { setStoreForTests } from "../../lib/server/store";
import { randomRecords, shuffle } from "../helpers/random-records";
import { storeFactories } from "../helpers/stores";

interface RawMeasurement {
  id: string;
  started_at: Date;
  service: string;
  stage: string | null;
  class: "ok" | "anomaly" | "confirmed" | "failure";
  country: string;
  asn: number;
  region: string | null;
  network_type: string | null;
  source: string;
  probe_id: string | null;
}
interface RawTarget {
  measurement_id: string;
  tcp_ms: number | null;
  tls_ms: number | null;
  throughput_kbps: number | null;
}

const FROM = new Date("2026-03-01T00:00:00Z");
const DAYS = 40;
const day = (d: Date) => d.toISOString().slice(0, 10);
/** `since`/`until` as a date, or (ragged) as a time inside the day: both rollup levels are read. */
const instant = (d: Date, ragged: boolean) => (ragged ? d.toISOString().slice(0, 16) : day(d));

function axisValue(axis: AggregationAxis, m: RawMeasurement, grain: TimeGrain): string | number | null {
  switch (axis) {
    case "measurement_start_day":
      return bucketLabel(grain, bucketStart(grain, m.started_at));
    case "probe_cc":
      return m.country;
    case "probe_asn":
      return m.asn;
    case "test_name":
      return m.service;
    case "stage":
      return m.stage || null;
    case "region":
      return m.region || null;
    case "network_type":
      return m.network_type || null;
    case "source":
      return m.source;
  }
}

/** `edges` draws the ragged ends, apart from `rnd`, so the rest of the draws stay as they were. */
function randomQuery(rnd: Random, edges: Random, raw: RawMeasurement[]) {
  const params = new URLSearchParams();
  const sample = raw[Math.floor(rnd() * raw.length)];
  if (rnd() < 0.6) params.set("test_name", sample.service);
  if (rnd() < 0.4) params.set("probe_cc", sample.country);
  if (rnd() < 0.25) params.set("probe_asn", rnd() < 0.5 ? `AS${sample.asn}` : String(sample.asn));
  if (rnd() < 0.15) params.set("source", sample.source);
  if (rnd() < 0.1 && sample.network_type) params.set("network_type", sample.network_type);
  // Mostly ranges inside the data; sometimes a range of over a year, so every grain is drawn.
  const long = rnd() < 0.15;
  const startDay = long ? -Math.floor(rnd() * 300) : Math.floor(rnd() * (DAYS - 2));
  const short = !long && rnd() < 0.35;
  const length = long ? 366 + Math.floor(rnd() * 60) : short ? 1 + Math.floor(rnd() * 7) : 1 + Math.floor(rnd() * (DAYS - startDay + 3));
  // Some ranges start or end inside a day: whole days from the daily rollups, the ragged
  // hours from the hourly ones.
  const raggedSince = edges() < 0.3;
  const raggedUntil = edges() < 0.3;
  const since = new Date(FROM.getTime() + startDay * 86_400_000 + (raggedSince ? 1 + Math.floor(edges() * 23) : 0) * 3_600_000);
  const until = new Date(FROM.getTime() + (startDay + length) * 86_400_000 + (raggedUntil ? 1 + Math.floor(edges() * 23) : 0) * 3_600_000);
  params.set("since", instant(since, raggedSince));
  params.set("until", instant(until, raggedUntil));
  let axes: AggregationAxis[] = shuffle(rnd, [...AGGREGATION_AXES]).slice(0, Math.floor(rnd() * 3));
  // Half the queries are timelines, by one axis or split by a second.
  if (rnd() < 0.5 && !axes.includes("measurement_start_day")) axes = (["measurement_start_day", ...axes] as AggregationAxis[]).slice(0, 1 + Math.floor(rnd() * 2));
  if (axes[0]) params.set("axis_x", axes[0]);
  if (axes[1]) params.set("axis_y", axes[1]);
  const grains = allowedGrains(until.getTime() - since.getTime());
  const grain = grains[Math.floor(rnd() * grains.length)];
  params.set("time_grain", grain);
  params.set("medians", "true");
  return { params, axes, since, until, grain };
}

for (const factory of storeFactories()) {
  describe(`aggregation agrees with raw rows on ${factory.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    let raw: RawMeasurement[];
    let targets: Map<string, RawTarget[]>;
    beforeAll(async () => {
      ({ store, dispose } = await factory.create());
      setStoreForTests(store);
      const rnd = mulberry32(20260301);
      const records = shuffle(rnd, randomRecords(rnd, 400, FROM, DAYS));
      // Out of order, in uneven batches, as late data arrives.
      for (let i = 0; i < records.length; ) {
        const n = 1 + Math.floor(rnd() * 120);
        await ingestMeasurements(store, records.slice(i, i + n));
        i += n;
      }
      raw = await store.prisma.$queryRawUnsafe<RawMeasurement[]>(
        `SELECT id::text, started_at, service, stage, class, country, asn, region, network_type, source, probe_id FROM measurements`,
      );
      const rawTargets = await store.prisma.$queryRawUnsafe<RawTarget[]>(
        `SELECT measurement_id::text, tcp_ms, tls_ms, throughput_kbps FROM target_results`,
      );
      targets = new Map();
      for (const t of rawTargets) targets.set(t.measurement_id, [...(targets.get(t.measurement_id) ?? []), t]);
    }, 120_000);
    afterAll(async () => {
      setStoreForTests(null);
      await dispose?.();
    });

    it("has data of every class, stage and hidden location to aggregate", () => {
      expect(new Set(raw.map((m) => m.class))).toEqual(new Set(["ok", "anomaly", "confirmed", "failure"]));
      const stages = new Set(raw.map((m) => m.stage ?? ""));
      for (const stage of ["", "dns", "tcp"]) expect(stages).toContain(stage);
      expect(raw.some((m) => m.country === "ZZ" && m.asn === 0)).toBe(true);
    });

    it("answers random queries with the figures of the raw rows", async () => {
      const rnd = mulberry32(7);
      const edges = mulberry32(8);
      let compared = 0;
      const grainsSeen = new Set<string>();
      const levelsSeen = new Set<string>();
      for (let n = 0; n < 60; n++) {
        const { params, axes, since, until, grain } = randomQuery(rnd, edges, raw);
        if (axes.includes("measurement_start_day")) grainsSeen.add(grain);
        const response = await GET(new Request(`http://localhost/api/v1/aggregation?${params}`));
        expect(response.status, params.toString()).toBe(200);
        const body = (await response.json()) as { dimension_count: number; result: Record<string, unknown> | Record<string, unknown>[] };
        expect(body.dimension_count).toBe(axes.length);

        // The same answer from the hourly rollups alone.
        const parsed = parseAggregationParams(params);
        if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
        levelsSeen.add(aggregationLevels(parsed.value).map((p) => p.level).join("+"));
        const hourly = shapeAggregation(parsed.value, await aggregationRows(store, parsed.value, { levels: "hour" }));
        expect(body, `hour path: ${params}`).toEqual(JSON.parse(JSON.stringify(hourly)));

        const f = Object.fromEntries(params);
        const selected = raw.filter(
          (m) =>
            m.started_at >= since && m.started_at < until &&
            (!f.test_name || m.service === f.test_name) &&
            (!f.probe_cc || m.country === f.probe_cc) &&
            (!f.probe_asn || m.asn === Number(f.probe_asn.replace("AS", ""))) &&
            (!f.source || m.source === f.source) &&
            (!f.network_type || m.network_type === f.network_type) &&
            !(axes.includes("probe_cc") && m.country === "ZZ") &&
            !(axes.includes("probe_asn") && m.asn === 0),
        );
        const groups = new Map<string, RawMeasurement[]>();
        for (const m of selected) {
          const k = JSON.stringify(axes.map((a) => axisValue(a, m, grain)));
          groups.set(k, [...(groups.get(k) ?? []), m]);
        }
        const entries = Array.isArray(body.result) ? body.result : [body.result];
        const withData = entries.filter((e) => (e.measurement_count as number) > 0);
        expect(withData.length, params.toString()).toBe(axes.length === 0 && selected.length === 0 ? 0 : groups.size);
        for (const entry of withData) {
          const k = JSON.stringify(axes.map((a) => entry[a]));
          const ms = groups.get(k);
          compared++;
          expect(ms, `${params} ${k}`).toBeDefined();
          const count = (c: string) => ms!.filter((m) => m.class === c).length;
          const ts = ms!.flatMap((m) => targets.get(m.id) ?? []);
          const tcp = histogramOf(HISTOGRAMS.tcp_ms, ts.map((t) => t.tcp_ms));
          const tls = histogramOf(HISTOGRAMS.tls_ms, ts.map((t) => t.tls_ms));
          const thr = histogramOf(HISTOGRAMS.throughput_kbps, ts.map((t) => t.throughput_kbps));
          const median = (h: number[], spec: (typeof HISTOGRAMS)[keyof typeof HISTOGRAMS]) => {
            const v = histogramMedian(spec, h);
            return v === null ? null : Math.round(v * 1000) / 1000;
          };
          const probes = new Set(ms!.map((m) => m.probe_id).filter(Boolean));
          expect(entry, `${params} ${k}`).toMatchObject({
            measurement_count: ms!.length,
            ok_count: count("ok"),
            anomaly_count: count("anomaly"),
            confirmed_count: count("confirmed"),
            failure_count: count("failure"),
            probe_count: axes.includes("stage") ? null : probes.size,
            tcp_ms_median: median(tcp, HISTOGRAMS.tcp_ms),
            tls_ms_median: median(tls, HISTOGRAMS.tls_ms),
            throughput_kbps_median: median(thr, HISTOGRAMS.throughput_kbps),
          });
          // The histogram median lies in the bucket of the true median of the raw values.
          const values = ts.map((t) => t.tcp_ms).filter((v): v is number => v !== null).sort((a, b) => a - b);
          if (values.length % 2 === 1) {
            const [lo, hi] = bucketRange(HISTOGRAMS.tcp_ms, bucketIndex(HISTOGRAMS.tcp_ms, values[(values.length - 1) / 2]));
            const reported = entry.tcp_ms_median as number;
            expect(reported >= Math.max(lo, HISTOGRAMS.tcp_ms.lo) - 0.001 && (reported <= hi + 0.001), `${reported} in [${lo}, ${hi})`).toBe(true);
          }
          if (axes.includes("measurement_start_day")) {
            const hours = new Set(ms!.map((m) => Math.floor(m.started_at.getTime() / 3_600_000)));
            const bucket = bucketStart(grain, ms![0].started_at);
            const bucketHours = countHours(grain, bucket, since, until);
            expect(entry.coverage).toBeCloseTo(hours.size / bucketHours, 4);
          }
        }
        if (axes.includes("measurement_start_day") && (axes.length === 1 || entries.length > 0)) {
          // Gaps are explicit: every bucket of the range is present for each other-axis value
          // (a second axis without any value, e.g. probe_cc=ZZ by probe_cc, has no entries).
          const labels = new Set(entries.map((e) => e.measurement_start_day));
          for (let t = bucketStart(grain, since); t < until; t = new Date(t.getTime() + 3_600_000)) {
            expect(labels.has(bucketLabel(grain, bucketStart(grain, t))), `${params} missing ${t.toISOString()}`).toBe(true);
          }
        }
      }
      expect(compared).toBeGreaterThan(200);
      expect([...grainsSeen].sort()).toEqual(["day", "hour", "month", "week", "year"]);
      // Whole days read daily only, ragged ranges both levels, hour grains and short ranges hourly only.
      expect([...levelsSeen].sort()).toEqual(["day", "day+hour", "hour", "hour+day", "hour+day+hour"]);
    }, 120_000);

    it("gives the home page's daily timelines, data range and sources of the raw rows", async () => {
      for (const service of [...new Set(raw.map((m) => m.service))]) {
        for (const country of [...new Set(raw.map((m) => m.country))]) {
          const rows = raw.filter((m) => m.service === service && m.country === country);
          if (rows.length === 0) continue;
          const first = day(new Date(Math.min(...rows.map((m) => m.started_at.getTime()))));
          const timeline = await dailyTimeline(store, { service, country, from: day(FROM), to: day(new Date(FROM.getTime() + (DAYS - 1) * 86_400_000)) });
          expect(timeline).toHaveLength(DAYS);
          for (const point of timeline) {
            const those = rows.filter((m) => day(m.started_at) === point.day);
            const count = (c: RawMeasurement["class"]) => those.filter((m) => m.class === c).length;
            expect([point.day, point.ok, point.anomaly, point.confirmed, point.failure]).toEqual([
              point.day, count("ok"), count("anomaly"), count("confirmed"), count("failure"),
            ]);
          }
          const inCountry = raw.filter((m) => m.country === country);
          const range = await countryDataRange(store, country);
          expect(range?.from).toBe(day(new Date(Math.min(...inCountry.map((m) => m.started_at.getTime())))));
          expect(range?.to).toBe(day(new Date(Math.max(...inCountry.map((m) => m.started_at.getTime())))));
          expect(range!.from <= first).toBe(true);
          expect(await countrySources(store, country)).toEqual([...new Set(inCountry.map((m) => m.source))].sort());
        }
      }
    });

    it("rebuilds from raw rows exactly what incremental ingestion wrote", async () => {
      const snapshot = async () => ({
        rollups: await store.prisma.$queryRawUnsafe(
          `SELECT * FROM hourly_rollups ORDER BY hour, service, stage, country, region, asn, network_type, source`,
        ),
        probeHours: await store.prisma.$queryRawUnsafe(`SELECT * FROM probe_hours ORDER BY probe_id, hour, service`),
        daily: await store.prisma.$queryRawUnsafe<unknown[]>(
          `SELECT * FROM daily_rollups ORDER BY day, service, stage, country, region, asn, network_type, source`,
        ),
        probeDays: await store.prisma.$queryRawUnsafe<unknown[]>(
          `SELECT * FROM probe_days ORDER BY service, country, day, probe_id, asn, region, network_type, source`,
        ),
      });
      const before = await snapshot();
      expect(before.daily.length).toBeGreaterThan(0);
      expect(before.probeDays.length).toBeGreaterThan(0);
      const result = await rebuildRollups(store);
      expect(result.measurements).toBe(raw.length);
      expect(await snapshot()).toEqual(before);
      // A partial range too: only its hours are replaced.
      await rebuildRollups(store, { since: new Date("2026-03-10T05:30:00Z"), until: new Date("2026-03-12T00:00:00Z") });
      expect(await snapshot()).toEqual(before);
    }, 60_000);
  });
}

function countHours(grain: TimeGrain, bucket: Date, since: Date, until: Date): number {
  let n = 0;
  for (let t = Math.max(bucket.getTime(), since.getTime()); t < until.getTime(); t += 3_600_000) {
    if (bucketStart(grain, new Date(t)).getTime() !== bucket.getTime()) break;
    n++;
  }
  return n;
}
