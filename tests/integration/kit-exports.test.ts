// The kit's per-view downloads on a real store: data.csv and data.json hold exactly the
// buckets the aggregation API answers for the same view, with the header and a formula-
// looking annotation neutralised; chart.svg parses and names the view in either language;
// chart.png decodes at the asked width (2x too); ETags give 304; pinned charts are
// immutable and refuse unknown versions; bad input is a 4xx naming what is wrong.
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as aggregation } from "../../app/api/v1/aggregation/route";
import { kitGet, type KitFormat } from "../../app/[cc]/[service]/kit-handlers";
import { seedDemo } from "../../lib/demo/seed";
import { createAnnotation } from "../../lib/store/queries/annotations";
import type { Store } from "../../lib/store/open";
import { setStoreForTests } from "../../lib/server/store";
import { storeFactories } from "../helpers/stores";

const ORIGIN = "http://vantage.test";

function get(format: KitFormat, path: string, headers: Record<string, string> = {}): Promise<Response> {
  const url = new URL(ORIGIN + path);
  const [cc, service, network] = url.pathname.split("/").filter(Boolean);
  return kitGet(format, new Request(url, { headers }), Promise.resolve({ cc, service, ...(network && !network.includes(".") ? { network } : {}) }));
}

/** The table part of a kit CSV: header lines start with "#", then a blank line. */
function csvTable(text: string): Record<string, string>[] {
  const lines = text.split("\r\n").filter((l) => l !== "" && !l.startsWith("#"));
  const [head, ...rows] = lines.map((l) => l.split(","));
  return rows.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i]])));
}

for (const factory of storeFactories()) {
  describe(`kit downloads on ${factory.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    beforeAll(async () => {
      ({ store, dispose } = await factory.create());
      setStoreForTests(store);
      await seedDemo(store, { from: "2026-02-08T00:00:00Z", to: "2026-02-12T00:00:00Z", everyHours: 6 });
      await createAnnotation(store, {
        date: "2026-02-10",
        title: '=HYPERLINK("http://evil.example","click")',
        outlet: "@test",
        source_date: "2026-02-10",
        country: "RU",
        services: ["whatsapp"],
      });
    }, 300_000);
    afterAll(async () => {
      setStoreForTests(null);
      await dispose?.();
    });

    it("CSV rows equal the aggregation API's answer for the same view, formulas neutralised", async () => {
      const res = await get("csv", "/ru/whatsapp/data.csv?from=2026-02-07&to=2026-02-12&grain=day");
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
      expect(res.headers.get("content-disposition")).toBe('attachment; filename="vantage_ru_whatsapp_2026-02-07_2026-02-12.csv"');
      const text = await res.text();
      for (const key of ["# title", "# source", "# range", "# grain", "# generated_at", "# licence", "# simulated"]) expect(text).toContain(`${key},`);
      expect(text).toContain(`# annotation,2026-02-10,"'=HYPERLINK(""http://evil.example"",""click"")",'@test`);
      const rows = csvTable(text);
      const api = await aggregation(
        new Request(`${ORIGIN}/api/v1/aggregation?test_name=whatsapp&probe_cc=RU&since=2026-02-07&until=2026-02-13&axis_x=measurement_start_day&time_grain=day`),
      );
      const answer = (await api.json()).result as Record<string, number | string>[];
      expect(rows).toHaveLength(6); // 7 Feb (no data) to 12 Feb
      expect(rows.map((r) => [r.bucket_start.slice(0, 10), +r.ok_count, +r.anomaly_count, +r.confirmed_count, +r.failure_count, +r.measurement_count])).toEqual(
        answer.map((a) => [String(a.measurement_start_day).slice(0, 10), a.ok_count, a.anomaly_count, a.confirmed_count, a.failure_count, a.measurement_count]),
      );
      // 7 and 12 Feb have no data (seeded 8 to 11 Feb): the gaps are rows, never dropped.
      expect(rows.map((r) => +r.measurement_count > 0)).toEqual([false, true, true, true, true, false]);
    });

    it("JSON holds the same rows and the header as fields", async () => {
      const [csv, json] = await Promise.all([get("csv", "/ru/whatsapp/data.csv?from=2026-02-07&to=2026-02-12&grain=day"), get("json", "/ru/whatsapp/data.json?from=2026-02-07&to=2026-02-12&grain=day")]);
      const body = await json.json();
      expect(body.meta).toMatchObject({ grain: "day", simulated: true, times: "UTC", from: "2026-02-07T00:00:00.000Z", to: "2026-02-13T00:00:00.000Z" });
      expect(body.meta.licence).toContain("CC BY 4.0");
      expect(body.rows.map((r: Record<string, unknown>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, String(v)])))).toEqual(csvTable(await csv.text()));
    });

    it("SVG parses and carries the title in English and Russian", async () => {
      for (const [lang, title] of [["en", "WhatsApp in Russia"], ["ru", "WhatsApp: Россия"]]) {
        const res = await get("svg", `/ru/whatsapp/chart.svg?from=2026-02-07&to=2026-02-12&grain=day&lang=${lang}`);
        expect(res.status).toBe(200);
        expect(res.headers.get("content-type")).toBe("image/svg+xml; charset=utf-8");
        const svg = await res.text();
        expect(XMLValidator.validate(svg)).toBe(true);
        const doc = new XMLParser({ ignoreAttributes: false }).parse(svg);
        expect(doc.svg.title["#text"] ?? doc.svg.title).toBe(title);
        expect(svg).toContain(lang === "en" ? "times in UTC" : "время UTC");
        expect(svg).toContain(lang === "en" ? "Simulated data" : "Смоделированные данные");
      }
    });

    it("PNG decodes at the asked width, and twice that at scale=2", async () => {
      for (const [q, width] of [["w=640", 640], ["w=500&scale=2", 1000], ["", 1200]] as const) {
        const res = await get("png", `/ru/whatsapp/chart.png?from=2026-02-07&to=2026-02-12&grain=day&${q}`);
        expect(res.status).toBe(200);
        const png = Buffer.from(await res.arrayBuffer());
        expect(png.subarray(1, 4).toString()).toBe("PNG");
        expect(png.readUInt32BE(16)).toBe(width);
      }
    });

    it("answers a repeat with the ETag by 304; live is cached briefly, pinned for ever", async () => {
      const first = await get("svg", "/ru/whatsapp/chart.svg?from=2026-02-07&to=2026-02-12&grain=day");
      const etag = first.headers.get("etag")!;
      expect(first.headers.get("cache-control")).toMatch(/s-maxage=\d+, stale-while-revalidate=\d+/);
      const again = await get("svg", "/ru/whatsapp/chart.svg?from=2026-02-07&to=2026-02-12&grain=day", { "if-none-match": etag });
      expect(again.status).toBe(304);
      const csv1 = await get("csv", "/ru/whatsapp/data.csv?from=2026-02-07&to=2026-02-12&grain=day");
      const csv2 = await get("csv", "/ru/whatsapp/data.csv?from=2026-02-07&to=2026-02-12&grain=day", { "if-none-match": csv1.headers.get("etag")! });
      expect(csv2.status).toBe(304);
      const version = first.headers.get("x-data-version")!;
      const pinned = await get("svg", `/ru/whatsapp/chart.svg?from=2026-02-07&to=2026-02-12&grain=day&v=${version}`);
      expect(pinned.status).toBe(200);
      expect(pinned.headers.get("cache-control")).toContain("immutable");
      expect(await pinned.text()).toContain(`data version ${version}`);
    });

    it("a pinned chart keeps its numbers after the store changes", async () => {
      const live = await get("json", "/ru/whatsapp/data.json?from=2026-02-07&to=2026-02-12&grain=day");
      const version = live.headers.get("x-data-version")!;
      const before = (await (await get("json", `/ru/whatsapp/data.json?from=2026-02-07&to=2026-02-12&grain=day&v=${version}`)).json()).rows;
      // Late data for the pinned range arrives.
      await seedDemo(store, { from: "2026-02-07T00:00:00Z", to: "2026-02-08T00:00:00Z", everyHours: 6 });
      const changed = await get("json", "/ru/whatsapp/data.json?from=2026-02-07&to=2026-02-12&grain=day");
      expect(changed.headers.get("x-data-version")).not.toBe(version);
      const after = (await (await get("json", `/ru/whatsapp/data.json?from=2026-02-07&to=2026-02-12&grain=day&v=${version}`)).json()).rows;
      expect(after).toEqual(before);
    });

    it("names what is wrong in bad requests", async () => {
      expect((await get("svg", "/ru/icq/chart.svg")).status).toBe(404);
      const noRange = await get("svg", "/ru/whatsapp/chart.svg?v=0123456789ab");
      expect(noRange.status).toBe(400);
      expect((await noRange.json()).error).toMatch(/^v: .*from and to/);
      expect((await get("svg", "/ru/whatsapp/chart.svg?from=2026-02-07&to=2026-02-12&v=0123456789ab")).status).toBe(404);
      expect((await get("svg", "/ru/whatsapp/chart.svg?v=nothex")).status).toBe(400);
      const json = await (await get("json", "/ru/whatsapp/data.json?from=2026-02-07&to=2026-02-12&w=huge&theme=pink")).json();
      expect(json.meta.messages.map((m: { parameter: string }) => m.parameter).sort()).toEqual(["theme", "w"]);
    });
  });
}
