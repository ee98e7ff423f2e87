// Time bounds (pure): the measurement schema's floor and ceiling, what detection may read,
// the months a batch needs partitions for, and the bucket count a read is refused by.
import { describe, expect, it } from "vitest";
import { bucketCountOf } from "../../lib/api/aggregation-params";
import { MAX_CLOCK_AHEAD_MS, MEASUREMENT_TIME_FLOOR, parseMeasurement } from "../../lib/measurement/schema";
import { detectionReadRange } from "../../lib/store/detection";
import { recordMonths } from "../../lib/store/ingest";
import { okRecord } from "./fixtures/records";

describe("a measurement's start time", () => {
  it("lies between the floor and a few minutes past the server's clock", () => {
    const at = (started_at: string) => parseMeasurement(okRecord("max", {}, { started_at }));
    expect(at("2012-01-01T00:00:00Z").ok).toBe(true);
    expect(at(new Date(Date.now() + MAX_CLOCK_AHEAD_MS - 60_000).toISOString()).ok).toBe(true);
    for (const bad of ["2011-12-31T23:59:59Z", "1970-01-01T00:00:00Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59-23:59", new Date(Date.now() + MAX_CLOCK_AHEAD_MS + 60_000).toISOString()]) {
      const r = at(bad);
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(r.issues.map((i) => i.path), bad).toEqual(["started_at"]);
    }
  });
});

describe("what detection reads", () => {
  const now = new Date("2026-12-02T12:00:00Z");
  it("never before the floor nor past a few minutes after now", () => {
    expect(detectionReadRange(null, null, now)).toEqual({ from: MEASUREMENT_TIME_FLOOR, until: new Date(now.getTime() + MAX_CLOCK_AHEAD_MS) });
    expect(detectionReadRange(new Date("0001-01-01T00:00:00Z"), new Date("9999-12-31T00:00:00Z"), now)).toEqual(detectionReadRange(null, null, now));
    const inside = { from: new Date("2026-11-01T00:00:00Z"), until: new Date("2026-11-02T00:00:00Z") };
    expect(detectionReadRange(inside.from, inside.until, now)).toEqual(inside);
    // A start past the ceiling reads nothing rather than a reversed range.
    const late = detectionReadRange(new Date("9999-01-01T00:00:00Z"), null, now);
    expect(late.from.getTime()).toBe(late.until.getTime());
  });
});

describe("partitions and buckets", () => {
  it("names only the months records fall in", () => {
    const e = (started_at: string) => ({ m: { started_at } });
    expect(recordMonths([e("2026-11-30T23:59:59.000Z"), e("2013-05-10T00:00:00.000Z"), e("2026-11-01T00:00:00.000Z")])).toEqual([
      "2013-05-01T00:00:00.000Z",
      "2026-11-01T00:00:00.000Z",
    ]);
  });

  it("counts the buckets of a range at each grain without listing them", () => {
    const since = new Date("2026-01-01T00:00:00Z");
    const until = new Date("2027-01-01T00:00:00Z");
    expect(bucketCountOf("hour", since, new Date("2026-01-08T00:00:00Z"))).toBe(168);
    expect(bucketCountOf("day", since, until)).toBe(365);
    expect(bucketCountOf("week", since, until)).toBe(53); // 2025-12-29 .. 2026-12-28
    expect(bucketCountOf("month", since, until)).toBe(12);
    expect(bucketCountOf("year", new Date("2000-01-01T00:00:00Z"), new Date("2100-01-01T00:00:00Z"))).toBe(100);
    expect(bucketCountOf("day", until, since)).toBe(0);
  });
});
