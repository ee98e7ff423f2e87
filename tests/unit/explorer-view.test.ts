// The explorer's URL contract (lib/explorer/view.ts) and the pure shaping of a view's
// series (lib/explorer/series.ts).
import { describe, expect, it } from "vitest";
import { chartRows, detectorCells, dominantClass, shapeBuckets, stageRate, summarise } from "../../lib/explorer/series";
import { traceDetection } from "../../lib/detect/trace";
import { DETECTOR_STATE_CLASS } from "../../lib/present/colors";
import { detectorStateLabel } from "../../lib/present/labels";
import { owners, run, T0 } from "./detect-builders";
import { bucketStarts, parseView, parseViewQuery, permalink, resolveWindow, viewHref } from "../../lib/explorer/view";

const NOW = new Date("2026-03-15T12:34:00Z");
const scope = { cc: "RU", service: "whatsapp" as const, asn: null };

describe("view paths", () => {
  it("reads country, service and network, case-insensitively", () => {
    const v = parseView(["ru", "telegram", "as12389"], {});
    expect(v.notFound).toBe(false);
    if (!v.notFound) expect([v.view.cc, v.view.service, v.view.asn]).toEqual(["RU", "telegram", 12389]);
    const home = parseView([], {});
    if (!home.notFound) expect([home.view.cc, home.view.service, home.view.asn]).toEqual([null, null, null]);
  });

  it("rejects malformed paths as not found, saying why", () => {
    for (const segs of [["rus"], ["ru", "icq"], ["ru", "whatsapp", "12389"], ["ru", "whatsapp", "as1", "x"], ["r1"]]) {
      const v = parseView(segs, {});
      expect(v.notFound, segs.join("/")).toBe(true);
      if (v.notFound) expect(v.reason).toMatch(/not|too many/);
    }
  });
});

describe("view queries", () => {
  it("takes every parameter of the contract", () => {
    const { view, messages } = parseViewQuery(scope, { range: "90d", grain: "day", stage: "tls", source: "simulated", mode: "counts", lang: "ru" });
    expect(messages).toEqual([]);
    expect(view).toMatchObject({ range: "90d", grain: "day", stage: "tls", source: "simulated", mode: "counts" });
  });

  it("names each malformed value and keeps its default", () => {
    const { view, messages } = parseViewQuery(scope, new URLSearchParams("range=2w&grain=minute&stage=udp&source=x&mode=pie&color=red"));
    expect(view).toMatchObject({ range: "all", grain: null, stage: null, source: "all", mode: "shares" });
    expect(messages.map((m) => m.parameter).sort()).toEqual(["color", "grain", "mode", "range", "source", "stage"]);
    expect(messages.find((m) => m.parameter === "range")?.message).toContain("24h, 7d, 30d, 90d, 1y, all");
  });

  it("reads a custom range of real UTC days, and refuses half or reversed ones", () => {
    expect(parseViewQuery(scope, { from: "2026-02-01", to: "2026-02-28" }).view).toMatchObject({ range: "custom", from: "2026-02-01", to: "2026-02-28" });
    const reversed = parseViewQuery(scope, { from: "2026-03-01", to: "2026-02-01" });
    expect(reversed.view.range).toBe("all");
    expect(reversed.messages[0].message).toContain("after");
    const half = parseViewQuery(scope, { from: "2026-03-01" });
    expect(half.view.range).toBe("all");
    expect(half.messages[0]).toMatchObject({ parameter: "to" });
    const impossible = parseViewQuery(scope, { from: "2026-02-31", to: "2026-03-02" });
    expect(impossible.messages.map((m) => m.parameter)).toContain("from");
  });

  it("round-trips through its own links", () => {
    const { view } = parseViewQuery({ cc: "RU", service: "telegram", asn: 8359 }, { from: "2026-02-01", to: "2026-02-20", stage: "tcp", mode: "counts" });
    const href = viewHref(view);
    expect(href).toBe("/ru/telegram/as8359?from=2026-02-01&to=2026-02-20&stage=tcp&mode=counts");
    const url = new URL(href, "http://x");
    const again = parseView(url.pathname.split("/").filter(Boolean), url.searchParams);
    expect(again.notFound).toBe(false);
    if (!again.notFound) expect(again.view).toEqual(view);
    expect(viewHref(view, { range: "7d" })).toBe("/ru/telegram/as8359?range=7d&stage=tcp&mode=counts");
  });
});

describe("view windows", () => {
  it("ends presets with the current day or hour, in UTC, and picks the grain from the range", () => {
    const seven = resolveWindow(parseViewQuery(scope, { range: "7d" }).view, NOW, null).window!;
    expect([seven.fromDay, seven.toDay, seven.grain, seven.buckets]).toEqual(["2026-03-09", "2026-03-15", "hour", 168]);
    const day = resolveWindow(parseViewQuery(scope, { range: "24h" }).view, NOW, null).window!;
    expect([day.since.toISOString(), day.until.toISOString(), day.grain]).toEqual(["2026-03-14T13:00:00.000Z", "2026-03-15T13:00:00.000Z", "hour"]);
    const ninety = resolveWindow(parseViewQuery(scope, { range: "90d" }).view, NOW, null).window!;
    expect([ninety.grain, ninety.buckets, ninety.toDay]).toEqual(["day", 90, "2026-03-15"]);
  });

  it("spans `all` over the data of the view's own scope, and says when there is none", () => {
    const all = resolveWindow(parseViewQuery(scope, {}).view, NOW, { from: "2025-07-01", to: "2026-03-31" }).window!;
    expect([all.fromDay, all.toDay, all.grain, all.buckets]).toEqual(["2025-07-01", "2026-03-31", "day", 274]);
    expect(resolveWindow(parseViewQuery(scope, {}).view, NOW, null).window).toBeNull();
  });

  it("refuses hour grain over long ranges with a message", () => {
    const r = resolveWindow(parseViewQuery(scope, { range: "90d", grain: "hour" }).view, NOW, null);
    expect(r.window!.grain).toBe("day");
    expect(r.messages[0]).toMatchObject({ parameter: "grain" });
  });

  it("fixes the resolved days in the permalink", () => {
    const { view } = parseViewQuery(scope, { range: "30d", mode: "counts" });
    const w = resolveWindow(view, NOW, null).window!;
    expect(permalink(view, w)).toBe("/ru/whatsapp?from=2026-02-14&to=2026-03-15&grain=day&mode=counts");
  });
});

describe("series shaping", () => {
  const { view } = parseViewQuery(scope, { from: "2026-02-10", to: "2026-02-12", grain: "day" });
  const w = resolveWindow(view, NOW, null).window!;
  const [d1, d2, d3] = bucketStarts(w);
  const buckets = shapeBuckets(
    w,
    [
      { bucket: d1, stage: "", ok: 8, anomaly: 0, confirmed: 0, failure: 1 },
      { bucket: d1, stage: "tls", ok: 0, anomaly: 1, confirmed: 0, failure: 0 },
      { bucket: d3, stage: "dns", ok: 0, anomaly: 2, confirmed: 5, failure: 0 },
      { bucket: d3, stage: "tcp", ok: 0, anomaly: 3, confirmed: 0, failure: 0 },
      { bucket: "2030-01-01T00:00:00.000Z", stage: "", ok: 99, anomaly: 0, confirmed: 0, failure: 0 },
    ],
    [{ bucket: d1, throughput: [0, 0, 0, 4] }],
    [{ bucket: d1, probes: 10, owners: 8 }, { bucket: d3, probes: 3, owners: 3 }],
  );

  it("keeps every bucket, gaps as no data, and ignores rows outside the window", () => {
    expect(buckets.map((b) => b.total)).toEqual([10, 0, 10]);
    expect(buckets[1]).toMatchObject({ start: d2, probes: 0, owners: 0, throughputMedianKbps: null });
    expect(summarise(buckets)).toMatchObject({ total: 20, bucketsWithData: 2, buckets: 3, maxProbes: 10 });
  });

  it("computes per-stage failure rates over every round of the bucket", () => {
    expect(stageRate(buckets[0], "tls")).toBeCloseTo(0.1);
    expect(stageRate(buckets[2], "dns")).toBeCloseTo(0.7);
    expect(stageRate(buckets[1], "dns")).toBeNull();
    expect(buckets[0].throughputMedianKbps).not.toBeNull();
  });

  it("draws counts or shares, and a gap as a full 'no data' column, never as ok", () => {
    const counts = chartRows(buckets, "counts");
    expect(counts[1]).toMatchObject({ ok: null, anomaly: null, unknown: 10 });
    const shares = chartRows(buckets, "shares");
    expect(shares[2].confirmed).toBeCloseTo(0.5);
    expect(shares[1].unknown).toBe(1);
    const s = shares[0];
    expect((s.ok ?? 0) + (s.anomaly ?? 0) + (s.confirmed ?? 0) + (s.failure ?? 0)).toBeCloseTo(1);
  });

  it("names the dominant class, with blocking outranking ok from a quarter of rounds", () => {
    expect(dominantClass(summarise([buckets[2]]))).toBe("confirmed");
    expect(dominantClass(summarise([buckets[0]]))).toBe("ok");
    expect(dominantClass(summarise([buckets[1]]))).toBe("unknown");
  });
});

describe("the detector strip", () => {
  // Six owners of AS12389, 4 blocked from the second hour to the fourth, nothing after the fifth.
  const obs = run(owners(6), 30, (p, b) => (b >= 6 && b < 24 && Number(p.owner.split("-")[1]) < 4 ? "blocked" : "ok"));
  const hours = (asn: number | null) =>
    traceDetection(obs, { service: "whatsapp", cc: "RU", asn, from: new Date(T0), to: new Date(T0 + 6 * 3_600_000), grainMinutes: 60 });
  const { view } = parseViewQuery(scope, { from: "2026-02-02", to: "2026-02-02", grain: "hour" });
  const w = resolveWindow(view, NOW, null).window!;
  const buckets = shapeBuckets(w, [], [], []);

  it("gives each bucket the detector's state, and unknown, never ok, where it decided nothing", () => {
    const rows = chartRows(buckets, "shares", detectorCells(hours(12389), 12389));
    expect(rows.slice(0, 6).map((r) => r.detector)).toEqual(["ok", "anomalous", "anomalous", "anomalous", "ok", "unknown"]);
    expect(rows[1].detectorCell).toMatchObject({ quorumMet: true, anomalous: 4, quorum: 3, unit: "owners", reporting: 6 });
    expect(rows[1].detectorCell!.eventIds).toHaveLength(1);
    // Hours past the trace, and every hour of a view without detector cells.
    expect(rows.slice(6).every((r) => r.detector === "unknown" && r.detectorBar === 1)).toBe(true);
    expect(chartRows(buckets, "shares").every((r) => r.detector === null && r.detectorBar === null)).toBe(true);
  });

  it("on a country view shows the country aggregate: one network is below countryMinAsns", () => {
    const rows = chartRows(buckets, "shares", detectorCells(hours(null), null));
    expect(rows[1].detectorCell).toMatchObject({ unit: "networks", anomalous: 1, quorum: 2, quorumMet: false });
    expect(rows[1].detector).not.toBe("anomalous");
  });

  it("draws unknown as no data and each state apart, with a label in both languages", () => {
    expect(DETECTOR_STATE_CLASS.unknown).toBe("unknown");
    expect(new Set(Object.values(DETECTOR_STATE_CLASS)).size).toBe(3);
    for (const lang of ["en", "ru"] as const) {
      const names = (["ok", "anomalous", "unknown"] as const).map((s) => detectorStateLabel(lang, s));
      expect(new Set(names).size).toBe(3);
      expect(names.every((n) => !["ok", "anomalous", "unknown"].includes(n) || lang === "en")).toBe(true);
    }
    expect(detectorStateLabel("ru", "unknown")).toBe("неизвестно (мало владельцев)");
  });
});
