// The public read API and the operator's annotation API, called as route handlers against
// real stores (PGlite always, PostgreSQL with TEST_DATABASE_URL).
import { gunzipSync } from "node:zlib";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { GET as aggregation } from "../../app/api/v1/aggregation/route";
import { DELETE as deleteAnnotationRoute, PATCH as patchAnnotation } from "../../app/api/v1/annotations/[id]/route";
import { GET as listAnnotationsRoute, POST as postAnnotation } from "../../app/api/v1/annotations/route";
import { GET as dump } from "../../app/api/v1/dumps/[file]/route";
import { GET as measurement } from "../../app/api/v1/measurements/[id]/route";
import { GET as listMeasurements } from "../../app/api/v1/measurements/list-handler";
import { seedKnownAnnotations } from "../../lib/store/annotations";
import { ingestMeasurements } from "../../lib/store/ingest";
import { registerEveryMeasuredNetwork } from "../helpers/networks";
import type { Store } from "../../lib/store/open";
import { setStoreForTests } from "../../lib/server/store";
import { storeFactories } from "../helpers/stores";
import { okRecord, setStages, tcp, withTarget } from "../unit/fixtures/records";

const TELEGRAM_2026_EVENT = "ru-2026-02-10-telegram-restrictions";
const url = (path: string, params: Record<string, string> = {}) => `http://localhost${path}?${new URLSearchParams(params)}`;
const get = (handler: (r: Request) => Promise<Response>, path: string, params: Record<string, string> = {}) =>
  handler(new Request(url(path, params)));
const ctx = <T extends Record<string, string>>(params: T) => ({ params: Promise.resolve(params) });

const probe = (id: string | null, cc: string, asn: number, extra: Record<string, unknown> = {}) => ({
  id,
  cc,
  asn,
  region: "Moscow",
  network_type: "fixed" as const,
  owner: id ? `o-${id}` : null,
  ...extra,
});

const dcDown = (rec: ReturnType<typeof okRecord>) =>
  withTarget(rec, /^telegram\.dc\.149\.154\.175\.50\./, setStages((t) => ({ tcp: tcp(t.host!, t.port!, "generic_timeout_error") })));

for (const factory of storeFactories()) {
  describe(`API v1 on ${factory.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    const records = [
      okRecord("telegram", {}, { started_at: "2026-02-01T10:05:00Z", probe: probe("p1", "RU", 12389) }),
      dcDown(okRecord("telegram", {}, { started_at: "2026-02-01T10:15:00Z", probe: probe("p2", "RU", 8359) })),
      okRecord("telegram", {}, { started_at: "2026-02-01T11:05:00Z", probe: probe("p1", "RU", 12389) }),
      okRecord("telegram", {}, { started_at: "2026-02-03T09:00:00Z", probe: probe("p1", "RU", 12389) }),
      okRecord("telegram", {}, { started_at: "2026-02-01T12:00:00Z", probe: probe("p9", "ZZ", 0) }),
      okRecord("whatsapp", {}, { started_at: "2026-02-01T12:00:00Z", probe: probe("p1", "RU", 12389) }),
    ];
    beforeAll(async () => {
      ({ store, dispose } = await factory.create());
      setStoreForTests(store);
      await ingestMeasurements(store, records);
      await registerEveryMeasuredNetwork(store);
      await seedKnownAnnotations(store);
    }, 60_000);
    afterAll(async () => {
      setStoreForTests(null);
      await dispose?.();
    });

    describe("GET /api/v1/aggregation", () => {
      it("answers a daily timeline with every day present, gaps explicit with coverage 0", async () => {
        const res = await get(aggregation, "/api/v1/aggregation", {
          test_name: "telegram", probe_cc: "RU", since: "2026-02-01", until: "2026-02-04", axis_x: "measurement_start_day", time_grain: "day",
        });
        expect(res.status).toBe(200);
        const body = await res.json();
        expect(body).toEqual({
          v: 0,
          dimension_count: 1,
          result: [
            { measurement_start_day: "2026-02-01", anomaly_count: 1, confirmed_count: 0, failure_count: 0, ok_count: 2, measurement_count: 3, probe_count: 2, coverage: 0.0833 },
            { measurement_start_day: "2026-02-02", anomaly_count: 0, confirmed_count: 0, failure_count: 0, ok_count: 0, measurement_count: 0, probe_count: 0, coverage: 0 },
            { measurement_start_day: "2026-02-03", anomaly_count: 0, confirmed_count: 0, failure_count: 0, ok_count: 1, measurement_count: 1, probe_count: 1, coverage: 0.0417 },
          ],
        });
      });

      it("keeps OONI's hidden ZZ and AS0 out of per-country and per-network results, not out of totals", async () => {
        const byCc = await (await get(aggregation, "/api/v1/aggregation", { test_name: "telegram", axis_x: "probe_cc" })).json();
        expect(byCc.result.map((r: { probe_cc: string }) => r.probe_cc)).toEqual(["RU"]);
        const byAsn = await (await get(aggregation, "/api/v1/aggregation", { test_name: "telegram", axis_x: "probe_asn" })).json();
        expect(byAsn.result.map((r: { probe_asn: number }) => r.probe_asn)).toEqual([8359, 12389]);
        const total = await (await get(aggregation, "/api/v1/aggregation", { test_name: "telegram" })).json();
        expect(total).toMatchObject({ dimension_count: 0, result: { measurement_count: 5, probe_count: 3 } });
      });

      it("splits by cause stage and says it cannot count distinct probes per stage", async () => {
        const body = await (await get(aggregation, "/api/v1/aggregation", { test_name: "telegram", probe_asn: "AS8359", axis_x: "stage" })).json();
        expect(body.result).toEqual([
          { stage: "tcp", anomaly_count: 1, confirmed_count: 0, failure_count: 0, ok_count: 0, measurement_count: 1, probe_count: null },
        ]);
      });

      it("reads medians from the merged histograms on request", async () => {
        const body = await (await get(aggregation, "/api/v1/aggregation", { test_name: "telegram", probe_cc: "RU", medians: "true" })).json();
        // Every fixture TCP connect takes 25 ms and every TLS handshake 60 ms.
        expect(body.result.tcp_ms_median).toBeGreaterThan(25 / 1.26);
        expect(body.result.tcp_ms_median).toBeLessThan(25 * 1.26);
        expect(body.result.tls_ms_median).toBeGreaterThan(60 / 1.26);
        expect(body.result.tls_ms_median).toBeLessThan(60 * 1.26);
      });

      it("serves CSV with a download name", async () => {
        const res = await get(aggregation, "/api/v1/aggregation", {
          test_name: "telegram", probe_cc: "RU", since: "2026-02-01", until: "2026-02-03", axis_x: "measurement_start_day", time_grain: "day", format: "CSV",
        });
        expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
        expect(res.headers.get("content-disposition")).toBe(
          'attachment; filename="vantage-aggregation_telegram_RU_measurement_start_day_2026-02-01_2026-02-03.csv"',
        );
        expect((await res.text()).split("\r\n")).toEqual([
          "measurement_start_day,anomaly_count,confirmed_count,failure_count,ok_count,measurement_count,probe_count,coverage",
          "2026-02-01,1,0,0,2,3,2,0.0833",
          "2026-02-02,0,0,0,0,0,0,0",
          "",
        ]);
      });

      it("answers 400 naming every bad parameter", async () => {
        const res = await get(aggregation, "/api/v1/aggregation", { test_name: "icq", probe_asn: "ASX", format: "xml", colour: "red" });
        expect(res.status).toBe(400);
        const body = await res.json();
        expect(body.issues.map((i: { path: string }) => i.path).sort()).toEqual(["colour", "format", "probe_asn", "test_name"]);
        expect(body.error).toMatch(/test_name/);
        const grain = await (await get(aggregation, "/api/v1/aggregation", { since: "2026-01-01", until: "2026-03-01", time_grain: "hour" })).json();
        expect(grain.issues).toEqual([{ in: "query", path: "time_grain", message: expect.stringMatching(/hour is not allowed .* allowed: day, week, month/) }]);
        const axes = await (await get(aggregation, "/api/v1/aggregation", { axis_x: "probe_cc", axis_y: "probe_cc" })).json();
        expect(axes.issues[0].path).toBe("axis_y");
        const order = await (await get(aggregation, "/api/v1/aggregation", { since: "2026-02-02", until: "2026-02-01" })).json();
        expect(order.issues[0].path).toBe("until");
      });
    });

    describe("GET /api/v1/measurements", () => {
      it("pages through the filtered rows newest first, each once, with an opaque cursor", async () => {
        const seen: string[] = [];
        let params: Record<string, string> = { test_name: "telegram", limit: "2" };
        for (let page = 0; page < 5; page++) {
          const body = await (await get(listMeasurements, "/api/v1/measurements", params)).json();
          seen.push(...body.results.map((r: { started_at: string }) => r.started_at));
          if (!body.metadata.next_cursor) break;
          expect(body.metadata.next_url).toContain("cursor=");
          params = { ...params, cursor: body.metadata.next_cursor };
        }
        expect(seen).toEqual([
          "2026-02-03T09:00:00.000Z", "2026-02-01T12:00:00.000Z", "2026-02-01T11:05:00.000Z", "2026-02-01T10:15:00.000Z", "2026-02-01T10:05:00.000Z",
        ]);
      });

      it("filters like the aggregation API", async () => {
        const body = await (await get(listMeasurements, "/api/v1/measurements", { test_name: "telegram", probe_asn: "8359", class: "anomaly" })).json();
        expect(body.results).toHaveLength(1);
        expect(body.results[0]).toMatchObject({ test_name: "telegram", probe_asn: 8359, class: "anomaly", rule: "T1", stage: "tcp", probe_id: "p2" });
      });

      it("refuses a cursor it did not issue and a limit out of range", async () => {
        const body = await (await get(listMeasurements, "/api/v1/measurements", { cursor: "not-a-cursor", limit: "5000" })).json();
        expect(body.issues.map((i: { path: string }) => i.path).sort()).toEqual(["cursor", "limit"]);
      });
    });

    describe("GET /api/v1/measurements/{id}", () => {
      it("returns the stored record, the server's verdict and the rules that fired", async () => {
        const id = records[1].id;
        const res = await measurement(new Request(url(`/api/v1/measurements/${id}`)), ctx({ id }));
        expect(res.status).toBe(200);
        const body = await res.json();
        expect(body).toMatchObject({ measurement_id: id, status: "partial", class: "anomaly", rule: "T1", stage: "tcp" });
        expect(body.record.targets.length).toBe(records[1].targets.length);
        expect(body.rules_fired.filter((r: { rule: string }) => r.rule === "T1")).toHaveLength(2);
        expect(body.rules_fired[0]).toMatchObject({ rule: expect.any(String), stage: expect.any(String) });
        expect(body.verdict.targets.length).toBe(records[1].targets.length);
      });

      it("answers 404 for an unknown id and 400 for something that is no id", async () => {
        const missing = "0193a5b0-0000-7000-8000-ffffffffffff";
        expect((await measurement(new Request(url(`/api/v1/measurements/${missing}`)), ctx({ id: missing }))).status).toBe(404);
        const bad = await measurement(new Request(url("/api/v1/measurements/x")), ctx({ id: "x" }));
        expect(bad.status).toBe(400);
        expect((await bad.json()).issues[0].path).toBe("id");
      });
    });

    describe("GET /api/v1/dumps/{day}.jsonl.gz", () => {
      it("streams the day's measurements as gzip JSON lines with the licence stated", async () => {
        const res = await dump(new Request(url("/api/v1/dumps/2026-02-01.jsonl.gz")), ctx({ file: "2026-02-01.jsonl.gz" }));
        expect(res.status).toBe(200);
        expect(res.headers.get("x-license")).toMatch(/CC BY 4\.0.*OONI's licence/);
        expect(res.headers.get("content-disposition")).toBe('attachment; filename="vantage-measurements-2026-02-01.jsonl.gz"');
        const lines = gunzipSync(Buffer.from(await res.arrayBuffer())).toString("utf8").trimEnd().split("\n").map((l) => JSON.parse(l));
        expect(lines.map((l) => l.started_at)).toEqual([
          "2026-02-01T10:05:00.000Z", "2026-02-01T10:15:00.000Z", "2026-02-01T11:05:00.000Z", "2026-02-01T12:00:00.000Z", "2026-02-01T12:00:00.000Z",
        ]);
        expect(lines[1]).toMatchObject({ rule: "T1", record: { id: records[1].id } });
      });

      it("answers 404 for a day without data and 400 for a bad name", async () => {
        expect((await dump(new Request(url("/api/v1/dumps/2026-02-02.jsonl.gz")), ctx({ file: "2026-02-02.jsonl.gz" }))).status).toBe(404);
        expect((await dump(new Request(url("/api/v1/dumps/2026-02-31.jsonl.gz")), ctx({ file: "2026-02-31.jsonl.gz" }))).status).toBe(400);
      });
    });

    describe("annotations", () => {
      const token = "operator-secret-token";
      const write = (method: string, body: unknown, auth: string | null = `Bearer ${token}`) =>
        new Request(url("/api/v1/annotations"), {
          method,
          headers: { "content-type": "application/json", ...(auth ? { authorization: auth } : {}) },
          body: typeof body === "string" ? body : JSON.stringify(body),
        });
      const note = { date: "2026-02-05", title: "<b>Outage</b> reported", outlet: "Example News", source_date: "2026-02-05", country: "RU", services: ["telegram"] };
      beforeAll(() => {
        process.env.VANTAGE_OPERATOR_TOKEN = token;
      });
      afterEach(() => {
        process.env.VANTAGE_OPERATOR_TOKEN = token;
      });
      afterAll(() => {
        delete process.env.VANTAGE_OPERATOR_TOKEN;
      });

      it("lists the seeded known events, filtered by service and date", async () => {
        const body = await (await get(listAnnotationsRoute, "/api/v1/annotations", { country: "RU", test_name: "telegram", since: "2026-01-01" })).json();
        expect(body.results.map((a: { id: string }) => a.id)).toContain(TELEGRAM_2026_EVENT);
        expect(body.results.every((a: { services: string[]; date: string; seeded: boolean }) => a.services.includes("telegram") && a.date >= "2026-01-01" && a.seeded)).toBe(true);
        expect(body.count).toBeGreaterThan(0);
      });

      it("refuses writes without a token (401), with a wrong one (401) and when the server has none (403)", async () => {
        expect((await postAnnotation(write("POST", note, null))).status).toBe(401);
        expect((await postAnnotation(write("POST", note, "Bearer wrong"))).status).toBe(401);
        delete process.env.VANTAGE_OPERATOR_TOKEN;
        const disabled = await postAnnotation(write("POST", note));
        expect(disabled.status).toBe(403);
        expect((await disabled.json()).error).toMatch(/disabled/);
      });

      it("creates, edits and deletes an annotation, storing its text as given", async () => {
        const created = await postAnnotation(write("POST", note));
        expect(created.status).toBe(201);
        const a = await created.json();
        expect(a).toMatchObject({ title: "<b>Outage</b> reported", seeded: false, url: null, end_date: null });
        const patched = await patchAnnotation(write("PATCH", { end_date: "2026-02-07", body: "Line one\nline two" }), ctx({ id: a.id }));
        expect(await patched.json()).toMatchObject({ id: a.id, end_date: "2026-02-07", body: "Line one\nline two" });
        const backwards = await patchAnnotation(write("PATCH", { end_date: "2026-02-01" }), ctx({ id: a.id }));
        expect((await backwards.json()).issues[0].path).toBe("end_date");
        expect((await deleteAnnotationRoute(write("DELETE", ""), ctx({ id: a.id }))).status).toBe(204);
        expect((await deleteAnnotationRoute(write("DELETE", ""), ctx({ id: a.id }))).status).toBe(404);
      });

      it("names every bad field, and refuses to edit a seeded known event", async () => {
        const bad = await postAnnotation(write("POST", { ...note, date: "2026-02-30", url: "javascript:alert(1)", services: ["icq"], extra: 1 }));
        expect(bad.status).toBe(400);
        const params = (await bad.json()).issues.map((i: { path: string }) => i.path);
        expect(params).toEqual(expect.arrayContaining(["date", "url", "services.0"]));
        expect((await postAnnotation(write("POST", "{not json"))).status).toBe(400);
        const seeded = await patchAnnotation(write("PATCH", { title: "x" }), ctx({ id: "ru-2025-03-max-testing" }));
        expect(seeded.status).toBe(409);
      });
    });
  });
}
