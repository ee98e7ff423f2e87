// The country page's pure shaping (lib/explorer/country-grid.ts shapeCountryGrid and
// lib/explorer/series.ts shapeClassBuckets): class counts into each service's own window
// and grain, which services are shown, their sources, and the events each would have had
// from loadViewData.
import { describe, expect, it } from "vitest";
import { eventOverlaps, type ServiceCountRow, type ServiceWindow, shapeCountryGrid } from "../../lib/explorer/country-grid";
import { shapeClassBuckets } from "../../lib/explorer/series";
import { DEFAULT_VIEW, resolveWindow, type ExplorerView } from "../../lib/explorer/view";
import { EVENTS_PER_VIEW } from "../../lib/explorer/view-data";
import type { EventRow } from "../../lib/query/events";
import type { ServiceId } from "../../lib/measurement/vocabulary";

const view: ExplorerView = { ...DEFAULT_VIEW, cc: "RU", range: "custom", from: "2026-02-10", to: "2026-02-11", grain: "hour" };
const NOW = new Date("2026-03-01T00:00:00Z");
const windowOf = (v: ExplorerView) => resolveWindow(v, NOW, null).window!;
const hourly = windowOf(view);
const windows = (services: ServiceId[], w = hourly): ServiceWindow[] => services.map((service) => ({ service, window: w, messages: [] }));
const row = (service: string, bucket: string, c: Partial<Record<"ok" | "anomaly" | "confirmed" | "failure", number>>, grain: "hour" | "day" = "hour"): ServiceCountRow => ({
  service,
  grain,
  bucket,
  ok: 0,
  anomaly: 0,
  confirmed: 0,
  failure: 0,
  ...c,
});

let seq = 0;
function event(service: string, started: string, ended: string | null, scope = "country:RU"): EventRow {
  const at = new Date(started);
  return {
    id: `e${String(++seq).padStart(4, "0")}`,
    service,
    country: "RU",
    kind: "block",
    scope,
    asns: [],
    regions: [],
    technique: null,
    severity: 1,
    started_at: at,
    onset_from: at,
    onset_to: at,
    ended_at: ended ? new Date(ended) : null,
    evidence: {},
    measurement_ids: [],
  };
}

describe("class buckets", () => {
  it("fills every bucket of the window, sums rows of one bucket and ignores rows outside", () => {
    const buckets = shapeClassBuckets(hourly, [
      { bucket: "2026-02-10T01:00:00.000Z", ok: 3, anomaly: 1, confirmed: 0, failure: 0 },
      { bucket: "2026-02-10T01:00:00.000Z", ok: 0, anomaly: 0, confirmed: 2, failure: 1 },
      { bucket: "2026-02-12T00:00:00.000Z", ok: 9, anomaly: 0, confirmed: 0, failure: 0 },
    ]);
    expect(buckets).toHaveLength(48);
    expect(buckets[1]).toEqual({ start: "2026-02-10T01:00:00.000Z", ok: 3, anomaly: 1, confirmed: 2, failure: 1, total: 7 });
    expect(buckets.reduce((n, b) => n + b.total, 0)).toBe(7);
  });
});

describe("country grid", () => {
  it("gives each service its own rows, at its own grain, and its sources", () => {
    const daily = windowOf({ ...view, from: "2026-01-01", to: "2026-02-11", grain: "day" });
    const grid = shapeCountryGrid(
      view,
      [{ service: "whatsapp", window: daily, messages: [] }, ...windows(["telegram"])],
      [
        row("whatsapp", "2026-02-10T00:00:00.000Z", { ok: 5 }, "day"),
        // An hour row of WhatsApp (read for Telegram's hour-grain window) must not land in its day bucket.
        row("whatsapp", "2026-02-10T00:00:00.000Z", { anomaly: 4 }),
        row("telegram", "2026-02-10T00:00:00.000Z", { confirmed: 2 }),
      ],
      [
        { service: "telegram", source: "vantage" },
        { service: "whatsapp", source: "simulated" },
        { service: "whatsapp", source: "ooni" },
      ],
      [],
    );
    expect(grid.services.map((s) => s.view.service)).toEqual(["whatsapp", "telegram"]);
    const [wa, tg] = grid.services;
    expect(wa.buckets.find((b) => b.start === "2026-02-10T00:00:00.000Z")).toMatchObject({ ok: 5, anomaly: 0, total: 5 });
    expect(tg.buckets[0]).toMatchObject({ confirmed: 2, total: 2 });
    expect([wa.sources, wa.simulated, tg.sources, tg.simulated]).toEqual([["ooni", "simulated"], true, ["vantage"], false]);
    expect(wa.view).toEqual({ ...view, service: "whatsapp" });
  });

  it("leaves out services without a window, and Signal without data", () => {
    const none: ServiceWindow = { service: "max", window: null, messages: [] };
    const grid = shapeCountryGrid(view, [...windows(["whatsapp", "signal"]), none], [], [], []);
    expect(grid.services.map((s) => s.view.service)).toEqual(["whatsapp"]);
    const withSignal = shapeCountryGrid(view, windows(["whatsapp", "signal"]), [row("signal", "2026-02-11T05:00:00.000Z", { failure: 1 })], [], []);
    expect(withSignal.services.map((s) => s.view.service)).toEqual(["whatsapp", "signal"]);
  });

  it("keeps the country-wide events of shown services overlapping their windows, newest first", () => {
    const inside = event("whatsapp", "2026-02-11T06:00:00Z", null);
    const endedBefore = event("whatsapp", "2026-02-01T00:00:00Z", "2026-02-10T00:00:00Z");
    const spanning = event("telegram", "2026-02-01T00:00:00Z", "2026-02-10T01:00:00Z");
    const network = event("telegram", "2026-02-10T08:00:00Z", null, "network:RU/AS12389");
    const ofHidden = event("signal", "2026-02-10T09:00:00Z", null);
    const stored = [inside, network, ofHidden, spanning, endedBefore]; // newest first, as listEvents returns them
    const grid = shapeCountryGrid(view, windows(["whatsapp", "telegram", "signal"]), [], [], stored);
    expect(grid.events.map((e) => e.id)).toEqual([inside.id, spanning.id]);
    expect(eventOverlaps(endedBefore, hourly)).toBe(false);
    expect(eventOverlaps(spanning, hourly)).toBe(true);
  });

  it("keeps a service's newest events only, counting its network events, as one loadViewData read did", () => {
    const many = Array.from({ length: EVENTS_PER_VIEW }, (_, i) => event("whatsapp", new Date(Date.parse("2026-02-11T23:00:00Z") - i * 60_000).toISOString(), null, "network:RU/AS8359"));
    const older = event("whatsapp", "2026-02-10T00:00:00Z", null);
    const telegram = event("telegram", "2026-02-10T00:00:00Z", null);
    const grid = shapeCountryGrid(view, windows(["whatsapp", "telegram"]), [], [], [...many, older, telegram]);
    expect(grid.events.map((e) => e.id)).toEqual([telegram.id]);
  });
});
