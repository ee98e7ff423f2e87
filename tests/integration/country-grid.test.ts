// The country page's loader (lib/explorer/country-grid.ts) against real stores: for every
// kind of range, what it reads in a handful of queries for the whole country equals what
// loadViewData, once per service, gives the page: the same services shown, windows, class
// counts per bucket, simulated flag, messages and events.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../lib/demo/seed";
import { loadCountryGrid } from "../../lib/explorer/country-grid";
import { summarise } from "../../lib/explorer/series";
import { parseView } from "../../lib/explorer/view";
import { loadViewData } from "../../lib/explorer/view-data";
import { SERVICES } from "../../lib/measurement/vocabulary";
import { importOoni } from "../../lib/ooni/importer";
import { storeSink } from "../../lib/ooni/store-sink";
import { ingestMeasurements } from "../../lib/store/ingest";
import type { Store } from "../../lib/store/open";
import { fixturePath } from "../fixtures/ooni/load";
import { okRecord } from "../unit/fixtures/records";
import { storeFactories } from "../helpers/stores";

const view = (path: string, query: Record<string, string> = {}) => {
  const p = parseView(path.split("/").filter(Boolean), query);
  if (p.notFound) throw new Error(p.reason);
  return p.view;
};

/** What the country page showed when it called loadViewData once per service. */
async function perService(store: Store, path: string, query: Record<string, string>, now: Date) {
  const v = view(path, query);
  const all = await Promise.all(SERVICES.map((s) => loadViewData(store, { ...v, service: s }, { now })));
  const shown = all.filter((d, i) => d.window !== null && (SERVICES[i] !== "signal" || summarise(d.buckets).total > 0));
  return {
    services: shown.map((d) => ({
      service: d.view.service,
      window: d.window,
      buckets: d.buckets.map(({ start, ok, anomaly, confirmed, failure, total }) => ({ start, ok, anomaly, confirmed, failure, total })),
      simulated: d.simulated,
      messages: d.messages,
    })),
    events: shown.flatMap((d) => d.events).sort((a, b) => b.started_at.getTime() - a.started_at.getTime()).map((e) => e.id),
  };
}

async function grid(store: Store, path: string, query: Record<string, string>, now: Date) {
  const g = await loadCountryGrid(store, view(path, query), { now });
  return {
    services: g.services.map((s) => ({
      service: s.view.service,
      window: s.window,
      buckets: s.buckets.map(({ start, ok, anomaly, confirmed, failure, total }) => ({ start, ok, anomaly, confirmed, failure, total })),
      simulated: s.simulated,
      messages: s.messages,
    })),
    events: g.events.map((e) => e.id),
  };
}

describe.each(storeFactories())("country grid on $name", (factory) => {
  let store: Store;
  let dispose: () => Promise<void>;
  const now = new Date("2026-02-11T12:30:00Z");

  beforeAll(async () => {
    ({ store, dispose } = await factory.create());
    // The demo around Telegram's restriction (2026-02-10) and WhatsApp's block (2026-02-11), with its detected events.
    const seeded = await seedDemo(store, { from: "2026-02-09T12:00:00Z", to: "2026-02-12T00:00:00Z" });
    expect(seeded.events).toBeGreaterThan(0);
    // A stray round of another source: WhatsApp's data then spans 50 days (day grain under
    // `all`) while Telegram's and Max's span three (hour grain).
    const probe = { id: "real-1", cc: "RU", asn: 12389, region: "Moscow", network_type: "fixed" as const, owner: "o-real" };
    await ingestMeasurements(store, [okRecord("whatsapp", {}, { started_at: "2026-03-30T10:00:00Z", source: "vantage", probe })]);
    // Italy from OONI: Signal (2023-12-01), Telegram (2022-12-07) and WhatsApp (2025-10-20), a day each.
    const files = ["signal-ts029-example.json", "telegram-ok.json", "whatsapp-ok.json"].map((f) => fixturePath(f));
    await importOoni(files, { sink: storeSink(store) });
  });
  afterAll(async () => dispose?.());

  const cases: [string, string, Record<string, string>, Date][] = [
    ["custom days, hour grain", "/ru", { from: "2026-02-09", to: "2026-02-12", grain: "hour" }, now],
    ["custom days, day grain", "/ru", { from: "2026-02-01", to: "2026-02-28" }, now],
    ["7 days", "/ru", { range: "7d" }, now],
    ["24 hours", "/ru", { range: "24h" }, now],
    ["all: each service's own extent and grain", "/ru", {}, new Date("2026-04-01T00:00:00Z")],
    ["all of one source", "/ru", { source: "simulated" }, new Date("2026-04-01T00:00:00Z")],
    ["all of a source with one service", "/ru", { source: "vantage" }, new Date("2026-04-01T00:00:00Z")],
    ["hour grain refused for a long range", "/ru", { range: "90d", grain: "hour" }, now],
    ["a country without data", "/kz", { range: "7d" }, now],
    ["all, with Signal", "/it", {}, new Date("2026-04-01T00:00:00Z")],
    ["days with Signal data", "/it", { from: "2023-11-01", to: "2023-12-31" }, now],
    ["days without Signal data", "/it", { from: "2025-10-01", to: "2025-10-31" }, now],
  ];

  it.each(cases)("equals loadViewData per service: %s", async (_label, path, query, at) => {
    const expected = await perService(store, path, query, at);
    const actual = await grid(store, path, query, at);
    expect(actual).toEqual(expected);
  });

  it("covers what the cases claim: data, events, mixed grains and a hidden Signal", async () => {
    const all = await grid(store, "/ru", {}, new Date("2026-04-01T00:00:00Z"));
    expect(all.services.map((s) => [s.service, s.window!.grain])).toEqual([
      ["whatsapp", "day"],
      ["telegram", "hour"],
      ["max", "hour"],
    ]);
    expect(all.events.length).toBeGreaterThan(0);
    const simulated = await grid(store, "/ru", { source: "simulated" }, new Date("2026-04-01T00:00:00Z"));
    expect(simulated.services.map((s) => s.service)).toEqual(["whatsapp", "telegram", "max"]);
    expect(simulated.services.every((s) => s.simulated && s.buckets.some((b) => b.total > 0))).toBe(true);
    const long = await grid(store, "/ru", { range: "90d", grain: "hour" }, now);
    expect(long.services[0].messages.map((m) => m.parameter)).toEqual(["grain"]);
    const italy = await grid(store, "/it", {}, new Date("2026-04-01T00:00:00Z"));
    expect(italy.services.map((s) => [s.service, s.window!.fromDay])).toEqual([
      ["whatsapp", "2025-10-20"],
      ["telegram", "2022-12-07"],
      ["signal", "2023-12-01"],
    ]);
    expect((await grid(store, "/it", { from: "2025-10-01", to: "2025-10-31" }, now)).services.map((s) => s.service)).toEqual(["whatsapp", "telegram", "max"]);
  });
});
