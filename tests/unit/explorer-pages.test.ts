// The pure parts behind the explorer's pages: the /events and /measurements filters, the
// comparison parser, event bands and annotation markers, network strips, the state-now
// grid, the methodology tables and the API reference read from the OpenAPI document.
import { describe, expect, it } from "vitest";
import { apiOperations } from "../../lib/explorer/api-reference";
import { annotationMarkers, eventBand } from "../../lib/explorer/chart-marks";
import { parseCompare } from "../../lib/explorer/compare";
import { eventWindowView } from "../../lib/explorer/event-data";
import { parseEventFilters } from "../../lib/explorer/event-filters";
import { parseMeasurementList } from "../../lib/explorer/measurement-list";
import { detectorThresholds, ruleRows, verdictThresholds } from "../../lib/explorer/methodology";
import { shapeNetworkStrips } from "../../lib/explorer/networks";
import { shapeStateNow } from "../../lib/explorer/state-now";
import { parseViewQuery, resolveWindow } from "../../lib/explorer/view";
import { DEFAULT_DETECT_CONFIG } from "../../lib/detect/config";
import { RULE_IDS } from "../../lib/measurement/vocabulary";

const NOW = new Date("2026-03-15T12:00:00Z");
const windowOf = (q: Record<string, string>) => resolveWindow(parseViewQuery({ cc: "RU", service: "whatsapp", asn: null }, q).view, NOW, null).window!;

describe("/events filters", () => {
  it("reads every filter and names bad ones", () => {
    const ok = parseEventFilters({ service: "telegram", cc: "ru", asn: "AS8359", technique: "tcp", status: "ongoing", from: "2026-02-01", to: "2026-02-28" });
    expect(ok.messages).toEqual([]);
    expect(ok.filters.query).toMatchObject({ service: "telegram", country: "RU", asn: 8359, ongoing: true });
    expect(ok.filters.query.until?.toISOString()).toBe("2026-03-01T00:00:00.000Z");
    expect(ok.filters.technique).toBe("tcp");
    const bad = parseEventFilters({ service: "icq", status: "maybe", from: "2026-13-01", colour: "red" });
    expect(bad.messages.map((m) => m.parameter).sort()).toEqual(["colour", "from", "service", "status"]);
    expect(bad.filters.query.service).toBeUndefined();
  });
});

describe("/measurements filters", () => {
  it("turns a bucket into its exact time range", () => {
    const { list, messages } = parseMeasurementList({ cc: "ru", service: "whatsapp", asn: "12389", grain: "hour", bucket: "2026-02-11T12:00:00.000Z" });
    expect(messages).toEqual([]);
    expect([list.since?.toISOString(), list.until?.toISOString()]).toEqual(["2026-02-11T12:00:00.000Z", "2026-02-11T13:00:00.000Z"]);
    expect(list.filters).toMatchObject({ country: "RU", service: "whatsapp", asn: 12389 });
  });

  it("refuses a bucket that is not a bucket start, and other bad values", () => {
    expect(parseMeasurementList({ grain: "day", bucket: "2026-02-11T12:00:00.000Z" }).messages[0]).toMatchObject({ parameter: "bucket" });
    expect(parseMeasurementList({ bucket: "yesterday" }).messages[0]).toMatchObject({ parameter: "bucket", value: "yesterday" });
    expect(parseMeasurementList({ event: "drop table" }).messages[0]).toMatchObject({ parameter: "event" });
    expect(parseMeasurementList({ class: "blocked" }).messages[0]).toMatchObject({ parameter: "class" });
  });
});

describe("/compare", () => {
  it("compares services in one country, or one service across countries", () => {
    const services = parseCompare({ cc: "ru", services: "whatsapp,telegram,max", range: "90d" });
    expect(services.series.map((s) => `${s.cc}/${s.service}/${s.range}`)).toEqual(["RU/whatsapp/90d", "RU/telegram/90d", "RU/max/90d"]);
    const countries = parseCompare({ service: "telegram", cc: "ru,by" });
    expect(countries.series.map((s) => `${s.cc}/${s.service}`)).toEqual(["RU/telegram", "BY/telegram"]);
    const bad = parseCompare({ services: "whatsapp,icq", cc: "r1" });
    expect(bad.messages.map((m) => `${m.parameter}=${m.value}`).sort()).toEqual(["cc=r1", "services=icq"]);
    expect(bad.series.map((s) => s.service)).toEqual(["whatsapp"]);
  });
});

describe("chart marks", () => {
  const w = windowOf({ from: "2026-02-10", to: "2026-02-12", grain: "hour" });
  it("snaps an event to its buckets and clips it to the window", () => {
    expect(eventBand(w, { id: "e", started_at: new Date("2026-02-11T06:10:00Z"), ended_at: new Date("2026-02-11T09:00:00Z") })).toEqual({
      from: "2026-02-11T06:00:00.000Z",
      to: "2026-02-11T08:00:00.000Z",
    });
    expect(eventBand(w, { id: "e", started_at: new Date("2026-01-01T00:00:00Z"), ended_at: null })).toEqual({ from: "2026-02-10T00:00:00.000Z", to: "2026-02-12T23:00:00.000Z" });
    expect(eventBand(w, { id: "e", started_at: new Date("2026-03-01T00:00:00Z"), ended_at: null })).toBeNull();
  });

  it("numbers the annotations inside the window in date order", () => {
    const a = (id: string, date: string) => ({ id, date, endDate: null, title: id, outlet: "x", sourceDate: date, url: null, services: ["whatsapp"], notMeasured: false });
    const m = annotationMarkers(w, [a("later", "2026-02-11"), a("outside", "2026-03-01"), a("first", "2026-02-10")]);
    expect(m.map((x) => [x.n, x.annotation.id, x.at])).toEqual([
      [1, "first", "2026-02-10T00:00:00.000Z"],
      [2, "later", "2026-02-11T00:00:00.000Z"],
    ]);
  });

  it("charts an event from two days before its onset to two days after its end", () => {
    const v = eventWindowView({ service: "whatsapp", country: "RU", scope: "network:RU/AS8359", asns: [8359], started_at: new Date("2026-02-11T06:00:00Z"), ended_at: null });
    expect([v.asn, v.from, v.to, v.grain]).toEqual([8359, "2026-02-09", "2026-02-18", "hour"]);
  });
});

describe("network strips and the state-now grid", () => {
  it("lists networks with three probes or more, and only counts the others", () => {
    const w = windowOf({ from: "2026-02-10", to: "2026-02-11", grain: "day" });
    const rows = [
      { asn: 1, bucket: "2026-02-10T00:00:00.000Z", ok: 10, anomaly: 0, confirmed: 0, failure: 0 },
      { asn: 1, bucket: "2026-02-11T00:00:00.000Z", ok: 1, anomaly: 0, confirmed: 9, failure: 0 },
      { asn: 2, bucket: "2026-02-10T00:00:00.000Z", ok: 5, anomaly: 0, confirmed: 0, failure: 0 },
    ];
    const { networks, withheld } = shapeNetworkStrips(w, rows, new Map([[1, 3], [2, 2]]), new Map([[1, "One"]]));
    expect(withheld).toBe(1);
    expect(networks).toEqual([{ asn: 1, name: "One", probes: 3, strip: [{ state: "ok", rounds: 10 }, { state: "confirmed", rounds: 10 }], total: 20, ok: 11 }]);
  });

  it("sums the country over its networks and keeps networks with enough probes", () => {
    const counts = [
      { cc: "RU", asn: 1, service: "whatsapp", ok: 0, anomaly: 8, confirmed: 0, failure: 0 },
      { cc: "RU", asn: 2, service: "whatsapp", ok: 4, anomaly: 0, confirmed: 0, failure: 0 },
    ];
    const probes = [
      { cc: "RU", asn: null, service: "whatsapp", probes: 5 },
      { cc: "RU", asn: 1, service: "whatsapp", probes: 3 },
      { cc: "RU", asn: 2, service: "whatsapp", probes: 2 },
    ];
    const rows = shapeStateNow(counts, probes, new Map(), ["whatsapp", "max"]);
    // The network's 8 anomalous rounds are too few for a verdict (the thin-bucket rule); the country's 12 are not.
    expect(rows.map((r) => [r.asn, r.cells.map((c) => `${c.service}:${c.state}:${c.total}:${c.probes}`)])).toEqual([
      [null, ["whatsapp:anomaly:12:5", "max:unknown:0:0"]],
      [1, ["whatsapp:few:8:3", "max:unknown:0:0"]],
    ]);
  });
});

describe("methodology and API reference", () => {
  it("describes every rule id and every detector threshold the code has, with the code's values", () => {
    expect(ruleRows().map((r) => r.id)).toEqual([...RULE_IDS]);
    for (const r of ruleRows()) expect(r.when.length, r.id).toBeGreaterThan(10);
    expect(detectorThresholds().map((t) => [t.key, t.value])).toEqual(Object.entries(DEFAULT_DETECT_CONFIG));
    expect(verdictThresholds().find((c) => c.name === "POLICED_RATE_MAX_KBPS")?.value).toBe(200);
  });

  it("lists the API's operations with their parameters resolved", () => {
    const ops = apiOperations();
    const agg = ops.find((o) => o.method === "GET" && o.path === "/api/v1/aggregation")!;
    expect(agg.parameters.map((p) => p.name)).toContain("axis_x");
    expect(agg.parameters.find((p) => p.name === "test_name")?.values).toContain("whatsapp");
  });
});
