import { describe, expect, it } from "vitest";
import {
  explorerUrl,
  isHiddenLocation,
  OoniFormatError,
  parseAsn,
  parseCountry,
  parseStartTime,
  unwrapMeasurement,
} from "../../lib/ooni/envelope";
import { ooniRecordId } from "../../lib/ooni/map";

describe("envelope fields", () => {
  it("reads measurement_start_time as UTC, in df-000's form and the API's ISO forms", () => {
    expect(parseStartTime("2020-07-09 11:02:41")).toBe("2020-07-09T11:02:41Z");
    expect(parseStartTime("2020-07-09T11:02:41Z")).toBe("2020-07-09T11:02:41Z");
    expect(parseStartTime("2020-07-09T13:02:41+02:00")).toBe("2020-07-09T11:02:41Z");
    expect(parseStartTime("2020-07-09T11:02:41.250Z")).toBe("2020-07-09T11:02:41.250Z");
    expect(parseStartTime("2024-02-31 00:00:00")).toBeNull();
    expect(parseStartTime("yesterday")).toBeNull();
    expect(parseStartTime(1594292561)).toBeNull();
  });

  it("reads probe_asn as a number", () => {
    expect(parseAsn("AS30722")).toBe(30722);
    expect(parseAsn("as12389")).toBe(12389);
    expect(parseAsn(12389)).toBe(12389);
    expect(parseAsn("AS0")).toBe(0);
    expect(parseAsn("AS")).toBeNull();
    expect(parseAsn("AS99999999999")).toBeNull();
    expect(parseAsn(null)).toBeNull();
  });

  it("keeps OONI's hidden country and network, and says they are hidden", () => {
    expect(parseCountry("ZZ")).toBe("ZZ");
    expect(parseCountry("ru")).toBeNull();
    expect(isHiddenLocation({ cc: "ZZ", asn: 12389 })).toBe(true);
    expect(isHiddenLocation({ cc: "RU", asn: 0 })).toBe(true);
    expect(isHiddenLocation({ cc: "RU", asn: 12389 })).toBe(false);
  });

  it("links to OONI Explorer by measurement_uid, else by report id and input, else not at all", () => {
    expect(explorerUrl({ measurement_uid: "20251020110242.524130_IT_whatsapp_8d5e91c2a3b7f014" })).toBe(
      "https://explorer.ooni.org/m/20251020110242.524130_IT_whatsapp_8d5e91c2a3b7f014",
    );
    expect(explorerUrl({ measurement_uid: null, report_id: "20180312T091502Z_AS8359_x", input: "https://web.max.ru/" })).toBe(
      "https://explorer.ooni.org/measurement/20180312T091502Z_AS8359_x?input=https%3A%2F%2Fweb.max.ru%2F",
    );
    expect(explorerUrl({ measurement_uid: null, report_id: null })).toBeNull();
  });
});

describe("unwrapMeasurement", () => {
  const bare = { test_name: "signal", test_keys: {} };

  it("passes a bare measurement through", () => {
    expect(unwrapMeasurement(bare)).toEqual({ measurement: bare, meta: null });
  });

  it("unwraps the measurement-meta response, raw measurement as a JSON string, with OONI's judgement", () => {
    const meta = { anomaly: true, confirmed: false, failure: false, measurement_uid: "20260211073006.118204_RU_whatsapp_x", raw_measurement: JSON.stringify(bare) };
    expect(unwrapMeasurement(meta)).toEqual({
      measurement: bare,
      meta: { judgement: { anomaly: true, confirmed: false, failure: false }, measurement_uid: "20260211073006.118204_RU_whatsapp_x" },
    });
    expect(unwrapMeasurement({ ...meta, raw_measurement: bare }).measurement).toEqual(bare);
  });

  it("refuses a meta response whose raw measurement is not JSON, and anything that is no object", () => {
    expect(() => unwrapMeasurement({ anomaly: true, raw_measurement: "{not json" })).toThrow(OoniFormatError);
    expect(() => unwrapMeasurement({ raw_measurement: null })).toThrow(/missing/);
    expect(() => unwrapMeasurement([bare])).toThrow(OoniFormatError);
    expect(() => unwrapMeasurement("text")).toThrow(OoniFormatError);
  });
});

describe("ooniRecordId", () => {
  const base = { report_id: "r1", input: null, started_at: "2021-02-15T17:33:22.000Z", test_name: "signal" };
  it("is a name-based UUID (v3) of report id, input, start time and nettest, and of nothing else", () => {
    const k = ooniRecordId(base);
    expect(k).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-3[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ooniRecordId({ ...base })).toBe(k);
    expect(ooniRecordId({ ...base, input: "https://max.ru/" })).not.toBe(k);
    expect(ooniRecordId({ ...base, started_at: "2021-02-15T17:33:23.000Z" })).not.toBe(k);
    expect(ooniRecordId({ ...base, report_id: "r2" })).not.toBe(k);
    expect(ooniRecordId({ ...base, test_name: "whatsapp" })).not.toBe(k);
  });
});
