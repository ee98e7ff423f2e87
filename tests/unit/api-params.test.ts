// Parsing of the public API's parameters: OONI's names and limits, errors naming the parameter.
import { describe, expect, it } from "vitest";
import { parseAggregationParams } from "../../lib/api/aggregation-params";
import { decodeCursor, encodeCursor } from "../../lib/api/cursor";
import { parseInstant } from "../../lib/api/params";
import { allowedGrains, autoGrain, bucketsOf, bucketStart } from "../../lib/rollup/time-grain";

const DAY = 86_400_000;
const parse = (p: Record<string, string>) => parseAggregationParams(new URLSearchParams(p), new Date("2026-03-15T12:00:00Z"));

describe("time grains", () => {
  it("follows OONI's limits and auto choice", () => {
    expect(allowedGrains(7 * DAY)).toEqual(["hour", "day"]);
    expect(allowedGrains(8 * DAY)).toEqual(["day", "week"]);
    expect(allowedGrains(90 * DAY)).toEqual(["day", "week", "month"]);
    expect(allowedGrains(400 * DAY)).toEqual(["day", "week", "month", "year"]);
    expect([1, 20, 200, 500].map((d) => autoGrain(d * DAY))).toEqual(["hour", "day", "week", "month"]);
  });

  it("buckets in UTC with Monday weeks, and counts the hours of partial buckets", () => {
    expect(bucketStart("week", new Date("2026-03-15T12:00:00Z")).toISOString()).toBe("2026-03-09T00:00:00.000Z");
    const b = bucketsOf("week", new Date("2026-03-11T00:00:00Z"), new Date("2026-03-20T00:00:00Z"));
    expect(b.map((x) => [x.label, x.hours])).toEqual([["2026-03-09", 5 * 24], ["2026-03-16", 4 * 24]]);
    expect(bucketsOf("month", new Date("2026-01-31T00:00:00Z"), new Date("2026-03-01T00:00:00Z")).map((x) => x.label)).toEqual(["2026-01-01", "2026-02-01"]);
  });
});

describe("aggregation parameters", () => {
  it("normalises OONI spellings", () => {
    const r = parse({ test_name: "whatsapp", probe_cc: "ru", probe_asn: "as12389", since: "2026-03-01", until: "2026-03-08", axis_x: "measurement_start_day", format: "csv" });
    expect(r).toMatchObject({ ok: true, value: { filters: { service: "whatsapp", country: "RU", asn: 12389 }, grain: "hour", format: "CSV", axes: ["measurement_start_day"] } });
  });

  it("defaults a time axis to the 30 days before tomorrow, by day", () => {
    const r = parse({ axis_x: "measurement_start_day" });
    expect(r.ok && [r.value.since?.toISOString(), r.value.until?.toISOString(), r.value.grain]).toEqual([
      "2026-02-14T00:00:00.000Z", "2026-03-16T00:00:00.000Z", "day",
    ]);
  });

  it("names each bad parameter", () => {
    const r = parse({ probe_cc: "RUS", since: "2026-02-30", time_grain: "fortnight", axis_x: "colour" });
    expect(r.ok ? [] : r.issues.map((i) => i.parameter).sort()).toEqual(["axis_x", "probe_cc", "since", "time_grain"]);
    const twice = parseAggregationParams(new URLSearchParams("probe_cc=RU&probe_cc=KZ"));
    expect(twice.ok ? null : twice.issues[0]).toEqual({ parameter: "probe_cc", message: expect.stringMatching(/more than once/) });
  });
});

describe("small pieces", () => {
  it("parses instants in UTC and rejects impossible dates", () => {
    expect(parseInstant("2026-03-01")?.toISOString()).toBe("2026-03-01T00:00:00.000Z");
    expect(parseInstant("2026-03-01T10:30")?.toISOString()).toBe("2026-03-01T10:30:00.000Z");
    expect(parseInstant("2026-03-01T10:30:00+03:00")?.toISOString()).toBe("2026-03-01T07:30:00.000Z");
    expect(parseInstant("2026-02-29")).toBeNull();
    expect(parseInstant("yesterday")).toBeNull();
  });

  it("round-trips cursors and refuses forged ones", () => {
    const c = { startedAt: "2026-03-01T10:00:00.123Z", id: "0193a5b0-0000-7000-8000-000000000001" };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
    expect(decodeCursor("abc")).toBeNull();
    expect(decodeCursor(Buffer.from('["x","y"]').toString("base64url"))).toBeNull();
  });
});
