// The view data function (lib/explorer/view-data.ts) against real stores: what a view's
// chart shows equals the raw measurement rows behind it (classes, cause stages, distinct
// probes and owners per bucket), gaps stay gaps, and a view's `all` range spans only its
// own scope and source, so data of another source never rescales it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simulateRounds } from "../../lib/demo/simulate";
import { registerDemoProbes } from "../../lib/demo/seed";
import { loadViewData } from "../../lib/explorer/view-data";
import { parseView } from "../../lib/explorer/view";
import { ingestMeasurements } from "../../lib/store/ingest";
import type { Store } from "../../lib/store/open";
import { okRecord } from "../unit/fixtures/records";
import { storeFactories } from "../helpers/stores";

const view = (path: string, query: Record<string, string> = {}) => {
  const p = parseView(path.split("/").filter(Boolean), query);
  if (p.notFound) throw new Error(p.reason);
  return p.view;
};

describe.each(storeFactories())("view data on $name", (factory) => {
  let store: Store;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ store, dispose } = await factory.create());
    await registerDemoProbes(store);
    // Two days around the WhatsApp block of 2026-02-11, each demo probe every 2 hours.
    const records = [...simulateRounds({ from: "2026-02-10T00:00:00Z", to: "2026-02-12T00:00:00Z", everyHours: 2 })].flat();
    for (let i = 0; i < records.length; i += 500) await ingestMeasurements(store, records.slice(i, i + 500));
    // One stray real round much later, from another source.
    await ingestMeasurements(store, [
      okRecord("whatsapp", {}, { started_at: "2026-11-30T10:00:00Z", source: "vantage", probe: { id: "real-1", cc: "RU", asn: 12389, region: "Moscow", network_type: "fixed", owner: "o-real" } }),
    ]);
  });
  afterAll(async () => dispose?.());

  it("equals the raw rows per bucket: classes, cause stages, probes and owners", async () => {
    const v = view("/ru/whatsapp", { from: "2026-02-09", to: "2026-02-12", grain: "hour" });
    const data = await loadViewData(store, v);
    expect(data.window!.buckets).toBe(96);
    expect(data.buckets).toHaveLength(96);
    const raw = await store.prisma.$queryRawUnsafe<{ started_at: Date; class: string; stage: string | null; probe_id: string; owner_id: string }[]>(
      "SELECT started_at, class, stage, probe_id, owner_id FROM measurements WHERE service = 'whatsapp' AND country = 'RU' AND started_at < '2026-02-13'",
    );
    for (const b of data.buckets) {
      const start = Date.parse(b.start);
      const rows = raw.filter((r) => r.started_at.getTime() >= start && r.started_at.getTime() < start + 3_600_000);
      expect(b.total, b.start).toBe(rows.length);
      for (const c of ["ok", "anomaly", "confirmed", "failure"] as const) expect(b[c], `${b.start} ${c}`).toBe(rows.filter((r) => r.class === c).length);
      for (const s of ["dns", "tcp", "tls"] as const) {
        expect(b.stageFailures[s], `${b.start} ${s}`).toBe(rows.filter((r) => r.class !== "ok" && r.stage === s).length);
      }
      expect(b.probes).toBe(new Set(rows.map((r) => r.probe_id)).size);
      expect(b.owners).toBe(new Set(rows.map((r) => r.owner_id)).size);
    }
    // 2026-02-09 has no data: 24 gaps, never drawn as ok.
    expect(data.buckets.slice(0, 24).every((b) => b.total === 0)).toBe(true);
    // After the block, most rounds fail at DNS (Rostelecom's injection) or TCP.
    const after = data.buckets.filter((b) => b.start >= "2026-02-11T08:00:00.000Z" && b.total > 0);
    expect(after.reduce((n, b) => n + b.anomaly + b.confirmed, 0)).toBeGreaterThan(after.reduce((n, b) => n + b.ok, 0));
    expect(data.simulated).toBe(true);
  });

  it("sums hours into days the same way, with a throughput median", async () => {
    const hourly = await loadViewData(store, view("/ru/whatsapp", { from: "2026-02-10", to: "2026-02-11", grain: "hour" }));
    const daily = await loadViewData(store, view("/ru/whatsapp", { from: "2026-02-10", to: "2026-02-11", grain: "day" }));
    expect(daily.buckets).toHaveLength(2);
    for (const [i, d] of daily.buckets.entries()) {
      const hours = hourly.buckets.slice(i * 24, i * 24 + 24);
      expect(d.total).toBe(hours.reduce((n, h) => n + h.total, 0));
      expect(d.confirmed).toBe(hours.reduce((n, h) => n + h.confirmed, 0));
    }
    // The demo throttles WhatsApp from 2025-12-22 to about 150 kbit/s (rule P2), which the median shows.
    expect(daily.buckets[0].throughputMedianKbps).toBeGreaterThan(80);
    expect(daily.buckets[0].throughputMedianKbps).toBeLessThan(250);
  });

  it("narrows to one network", async () => {
    const all = await loadViewData(store, view("/ru/whatsapp", { from: "2026-02-10", to: "2026-02-11", grain: "day" }));
    const rt = await loadViewData(store, view("/ru/whatsapp/as12389", { from: "2026-02-10", to: "2026-02-11", grain: "day" }));
    expect(rt.buckets[0].total).toBeGreaterThan(0);
    expect(rt.buckets[0].total).toBeLessThan(all.buckets[0].total);
    expect(rt.buckets[0].probes).toBe(3);
  });

  it("spans `all` over the view's own source: a stray real round does not rescale the demo", async () => {
    const demo = await loadViewData(store, view("/ru/whatsapp", { source: "simulated" }), { now: new Date("2026-12-01T00:00:00Z") });
    expect([demo.window!.fromDay, demo.window!.toDay]).toEqual(["2026-02-10", "2026-02-11"]);
    expect(demo.sources).toEqual(["simulated"]);
    const everything = await loadViewData(store, view("/ru/whatsapp"), { now: new Date("2026-12-01T00:00:00Z") });
    expect(everything.window!.toDay).toBe("2026-11-30");
    const nothing = await loadViewData(store, view("/kz/whatsapp"));
    expect(nothing.window).toBeNull();
  });
});
