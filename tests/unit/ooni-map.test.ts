// Maps the fixtures (written from OONI's specifications and examples) and checks every
// mapped field and Vantage's verdict beside OONI's own judgement.
import { describe, expect, it } from "vitest";
import { FAILURES } from "../../lib/measurement/vocabulary";
import { parseMeasurement, type TargetResult, type ValidRecord } from "../../lib/measurement/schema";
import { RULES_VERSION } from "../../lib/verdict";
import { explorerUrl, isHiddenLocation } from "../../lib/ooni/envelope";
import { isMaxInput } from "../../lib/ooni/catalog";
import { mapOoniMeasurement, ooniRecordId, type MapResult } from "../../lib/ooni/map";
import { scoreRecord } from "../../lib/verdict";
import { fixtureDocument, fixtureLine } from "../fixtures/ooni/load";

function mapped(value: unknown): ValidRecord {
  const result: MapResult = mapOoniMeasurement(value);
  if (!result.ok) throw new Error(`expected a record, got ${result.reason}: ${result.message}`);
  // Vantage's own verdict, as the importer computes it (lib/store/prepare.ts).
  return { ...result.record, verdict: scoreRecord(result.record) };
}
const target = (r: ValidRecord, id: string): TargetResult => {
  const t = r.targets.find((x) => x.id === id);
  if (!t) throw new Error(`no target ${id} in ${r.targets.map((x) => x.id).join(", ")}`);
  return t;
};
const verdictOf = (r: ValidRecord, id: string) => r.verdict!.targets.find((t) => t.target === id)!;

function allFailures(r: ValidRecord): (string | null)[] {
  return r.targets.flatMap((t) => [
    t.stages.dns?.system.failure ?? null,
    t.stages.dns?.control?.failure ?? null,
    t.stages.tcp?.failure ?? null,
    t.stages.tls?.failure ?? null,
    t.stages.http?.failure ?? null,
  ]);
}

describe("WhatsApp (ts-018)", () => {
  const record = mapped(fixtureDocument("whatsapp-ok.json"));

  it("maps the envelope", () => {
    expect(record.v).toBe(1);
    expect(record.id).toBe(
      ooniRecordId({ report_id: "20251020T110241Z_whatsapp_IT_30722_n1_CIaQmE3CBdzrf1oI", input: null, started_at: "2025-10-20T11:02:41.000Z", test_name: "whatsapp" }),
    );
    expect(record.source).toBe("ooni");
    expect(record.probe).toEqual({ id: null, cc: "IT", asn: 30722, asn_name: "Vodafone Italia S.p.A.", region: null, network_type: "fixed", owner: null });
    expect(record.round_id).toBe("ooni:20251020T110241Z_whatsapp_IT_30722_n1_CIaQmE3CBdzrf1oI");
    expect(record.service).toBe("whatsapp");
    expect(record.started_at).toBe("2025-10-20T11:02:41.000Z");
    expect(record.runtime_ms).toBe(632);
    expect(record.software).toEqual({ name: "ooniprobe-android", version: "3.19.1" });
    expect(record.rules_version).toBe(RULES_VERSION);
    expect(record.targets_version).toBe("ooni-whatsapp-0.11.0");
    expect(record.controls).toBeNull();
    expect(record.ooni).toEqual({
      measurement_uid: "20251020110242.524130_IT_whatsapp_8d5e91c2a3b7f014",
      report_id: "20251020T110241Z_whatsapp_IT_30722_n1_CIaQmE3CBdzrf1oI",
      input: null,
      test_name: "whatsapp",
      test_version: "0.11.0",
      anomaly: false,
      confirmed: false,
      failure: false,
    });
    expect(explorerUrl(record.ooni!)).toBe("https://explorer.ooni.org/m/20251020110242.524130_IT_whatsapp_8d5e91c2a3b7f014");
  });

  it("uses the targets file's ids and components, one target per endpoint and port", () => {
    expect(record.targets.map((t) => [t.id, t.component])).toEqual([
      ["whatsapp.endpoint.e1.443", "endpoint:e1"],
      ["whatsapp.endpoint.e1.5222", "endpoint:e1"],
      ["whatsapp.endpoint.e2.443", "endpoint:e2"],
      ["whatsapp.endpoint.e2.5222", "endpoint:e2"],
      ["whatsapp.endpoint.e3.443", "endpoint:e3"],
      ["whatsapp.endpoint.e3.5222", "endpoint:e3"],
      ["whatsapp.registration", "registration"],
      ["whatsapp.web", "web"],
    ]);
  });

  it("maps queries, tcp_connect, tls_handshakes and requests into stages, with timings from t0/t", () => {
    expect(target(record, "whatsapp.endpoint.e1.5222")).toEqual({
      id: "whatsapp.endpoint.e1.5222",
      component: "endpoint:e1",
      host: "e1.whatsapp.net",
      port: 5222,
      stages: {
        dns: { system: { resolver: "system", addrs: ["157.240.1.53", "2a03:2880:f21b:c0:face:b00c:0:167"], failure: null, t_ms: 49 }, control: null },
        tcp: { ip: "157.240.1.53", port: 5222, failure: null, t_ms: 30 },
      },
    });
    expect(target(record, "whatsapp.registration").stages).toEqual({
      dns: { system: { resolver: "system", addrs: ["157.240.254.60"], failure: null, t_ms: 49 }, control: null },
      tcp: { ip: "157.240.254.60", port: 443, failure: null, t_ms: 30 },
      tls: { sni: "v.whatsapp.net", ip: "157.240.254.60", port: 443, failure: null, t_ms: 40, neutral: null },
      http: { method: "GET", url: "https://v.whatsapp.net/v2/register", status: 200, bytes: 61, ttfb_ms: null, t_ms: 199, failure: null, fingerprint: null, content_type: "text/html", body_kind: "json" },
    });
    // WhatsApp Web's 400 is a status on its own (H3), not a block.
    expect(target(record, "whatsapp.web").stages.http).toMatchObject({ url: "https://web.whatsapp.com/", status: 400, bytes: 135 });
  });

  it("never keeps bodies or certificates", () => {
    const text = JSON.stringify(record);
    expect(text).not.toContain("Sorry, something went wrong");
    expect(text).not.toContain("missing_param");
    expect(text).not.toContain("MIIF4zCCBMugAwIBAgIQB6oG");
  });

  it("is ok for Vantage and for OONI", () => {
    expect(record.verdict).toMatchObject({ status: "ok", class: "ok", technique: null });
    expect(record.verdict!.targets.every((t) => t.verdict === "ok")).toBe(true);
  });

  it("maps a blocked measurement: endpoints time out, registration TLS reset, web NXDOMAIN", () => {
    const blocked = mapped(fixtureDocument("whatsapp-blocked.json"));
    expect(blocked.probe).toMatchObject({ cc: "RU", asn: 12389, network_type: "mobile" });
    expect(blocked.targets.map((t) => t.id)).toEqual([
      "whatsapp.endpoint.e1.443", "whatsapp.endpoint.e1.5222", "whatsapp.endpoint.e2.443", "whatsapp.endpoint.e2.5222",
      "whatsapp.registration", "whatsapp.web",
    ]);
    expect(target(blocked, "whatsapp.endpoint.e2.443").stages.tcp).toEqual({ ip: "157.240.2.53", port: 443, failure: "generic_timeout_error", t_ms: 10000 });
    // The earliest failing stage ends the target: no http after the TLS reset.
    expect(target(blocked, "whatsapp.registration").stages).toMatchObject({ tls: { sni: "v.whatsapp.net", failure: "connection_reset" } });
    expect(target(blocked, "whatsapp.registration").stages.http).toBeUndefined();
    expect(target(blocked, "whatsapp.web").stages).toEqual({
      dns: { system: { resolver: "system", addrs: [], failure: "dns_nxdomain_error", t_ms: 49 }, control: null },
    });
    expect(verdictOf(blocked, "whatsapp.endpoint.e1.443")).toMatchObject({ verdict: "tcp_blocked", stage: "tcp", failure: "generic_timeout_error" });
    expect(verdictOf(blocked, "whatsapp.registration")).toMatchObject({ verdict: "tls_blocked", stage: "tls", failure: "connection_reset" });
    // OONI asked no independent resolver: a failing system resolver alone proves nothing.
    expect(verdictOf(blocked, "whatsapp.web")).toMatchObject({ verdict: "error", stage: "dns", failure: "dns_nxdomain_error" });
    expect(blocked.verdict).toMatchObject({ status: "blocked", class: "anomaly", technique: "tcp" });
    expect(blocked.ooni).toMatchObject({ anomaly: true, confirmed: false, failure: false });
  });

  it("maps probe-legacy measurements, keeping legacy failure strings and placing whole-transaction failures", () => {
    const legacy = mapped(fixtureLine("whatsapp-legacy.jsonl", 1));
    expect(legacy.ooni).toMatchObject({ measurement_uid: null, report_id: "20180312T091502Z_AS8359_legacyWhatsappReportIdAbCdEfGhIjKlMnOpQrStUv", test_version: "0.6.0" });
    expect(legacy.id).toBe(
      ooniRecordId({ report_id: legacy.ooni!.report_id, input: null, started_at: "2018-03-12T09:15:02.000Z", test_name: "whatsapp" }),
    );
    expect(legacy.software).toEqual({ name: "ooniprobe", version: "2.3.0" });
    expect(legacy.probe).toEqual({ id: null, cc: "RU", asn: 8359, asn_name: null, region: null, network_type: null, owner: null });
    expect(legacy.runtime_ms).toBe(12300);
    expect(target(legacy, "whatsapp.endpoint.e1.443").stages.tcp).toEqual({ ip: "31.13.72.53", port: 443, failure: "connect_error", t_ms: null });
    expect(target(legacy, "whatsapp.endpoint.e1.5222").stages.tcp?.failure).toBe("connection_refused"); // connection_refused_error
    expect(target(legacy, "whatsapp.endpoint.e2.443").stages.tcp?.failure).toBe("connection_reset"); // unknown_failure: ... reset by peer
    expect(target(legacy, "whatsapp.endpoint.e2.5222").stages.tcp?.failure).toBe("generic_timeout_error"); // tcp_timed_out_error
    // The registration request failed with connect_error and no tcp_connect entry: it is a tcp failure.
    expect(target(legacy, "whatsapp.registration").stages).toEqual({
      dns: { system: { resolver: "system", addrs: ["31.13.72.60"], failure: null, t_ms: null }, control: null },
      tcp: { ip: "31.13.72.60", port: 443, failure: "connect_error", t_ms: null },
    });
    expect(target(legacy, "whatsapp.web").stages).toEqual({
      http: { method: "GET", url: "https://web.whatsapp.com/", status: 200, bytes: 66, ttfb_ms: null, t_ms: null, failure: null, fingerprint: null, content_type: null, body_kind: "html" },
    });
    expect(verdictOf(legacy, "whatsapp.endpoint.e2.5222")).toMatchObject({ verdict: "tcp_blocked", rule: "T1" });
    expect(legacy.verdict).toMatchObject({ status: "partial", class: "anomaly" });
  });

  it("maps Measurement Kit measurements: free-form error text becomes a token", () => {
    const mk = mapped(fixtureLine("whatsapp-legacy.jsonl", 2));
    expect(mk.probe.network_type).toBe("mobile");
    expect(target(mk, "whatsapp.web").stages.http).toMatchObject({ status: null, failure: "generic_timeout_error" });
    expect(JSON.stringify(mk)).not.toContain("net/http");
    expect(verdictOf(mk, "whatsapp.web")).toMatchObject({ verdict: "http_blocked", stage: "http" });
    expect(mk.ooni).toMatchObject({ anomaly: true, failure: false });
  });
});

describe("Telegram (ts-020)", () => {
  const dcs = ["149.154.175.50", "149.154.167.51", "149.154.175.100", "149.154.167.91", "149.154.171.5", "95.161.76.100"];

  it("reports each data-centre address and port on its own, with the targets file's ids", () => {
    const ok = mapped(fixtureDocument("telegram-ok.json"));
    expect(ok.targets.map((t) => t.id)).toEqual([
      ...dcs.flatMap((ip) => [`telegram.dc.${ip}.80`, `telegram.dc.${ip}.443`]),
      "telegram.web",
    ]);
    expect(target(ok, "telegram.dc.149.154.167.91.443")).toEqual({
      id: "telegram.dc.149.154.167.91.443",
      component: "dc:149.154.167.91",
      host: "149.154.167.91",
      port: 443,
      stages: {
        tcp: { ip: "149.154.167.91", port: 443, failure: null, t_ms: 30 },
        http: { method: "POST", url: "http://149.154.167.91:443/", status: 501, bytes: 169, ttfb_ms: null, t_ms: 199, failure: null, fingerprint: null, content_type: "text/html", body_kind: "html" },
      },
    });
    expect(target(ok, "telegram.web").stages.tls).toMatchObject({ sni: "web.telegram.org", ip: "149.154.167.99", failure: null });
    expect(ok.targets_version).toBe("ooni-telegram-0.3.1");
    expect(ok.verdict).toMatchObject({ status: "ok", class: "ok" });
    expect(ok.ooni).toMatchObject({ anomaly: false, confirmed: false, failure: false });
  });

  it("shows partial data-centre blocking that OONI's test calls ok", () => {
    const partial = mapped(fixtureLine("telegram.jsonl", 1));
    expect(partial.ooni).toMatchObject({ anomaly: false, failure: false });
    expect(partial.verdict).toMatchObject({ status: "partial", class: "anomaly", technique: "tcp" });
    expect(verdictOf(partial, "telegram.dc.149.154.175.50.80")).toMatchObject({ verdict: "tcp_blocked", rule: "T1", failure: "generic_timeout_error" });
    expect(target(partial, "telegram.dc.149.154.175.50.80").stages.http).toBeUndefined();
    expect(verdictOf(partial, "telegram.dc.149.154.175.100.80")).toMatchObject({ verdict: "ok" });
  });

  it("maps a blocked measurement", () => {
    const blocked = mapped(fixtureLine("telegram.jsonl", 2));
    expect(blocked.verdict).toMatchObject({ status: "blocked", class: "anomaly" });
    expect(verdictOf(blocked, "telegram.web")).toMatchObject({ verdict: "tls_blocked", failure: "connection_reset" });
    expect(blocked.ooni).toMatchObject({ anomaly: true, confirmed: false, failure: false });
  });

  it("skips a measurement whose test failed before measuring anything", () => {
    expect(mapOoniMeasurement(fixtureLine("telegram.jsonl", 3))).toMatchObject({ ok: false, reason: "no_target_evidence" });
  });
});

describe("Signal (ts-029)", () => {
  it("becomes the fourth service, each backend host a target", () => {
    const ok = mapped(fixtureLine("signal.jsonl", 1));
    expect(ok.service).toBe("signal");
    expect(ok.targets.map((t) => [t.id, t.component])).toEqual([
      ["signal.host.textsecure-service.whispersystems.org.443", "chat"],
      ["signal.host.storage.signal.org.443", "storage"],
      ["signal.host.api.directory.signal.org.443", "directory"],
      ["signal.host.cdn.signal.org.443", "cdn"],
      ["signal.host.cdn2.signal.org.443", "cdn"],
      ["signal.host.sfu.voip.signal.org.443", "calls"],
    ]);
    expect(ok.verdict).toMatchObject({ status: "ok", class: "ok" });
    expect(ok.ooni).toMatchObject({ anomaly: false, failure: false, test_version: "0.2.5" });
  });

  it("puts each failure at its stage", () => {
    const blocked = mapped(fixtureLine("signal.jsonl", 2));
    expect(target(blocked, "signal.host.storage.signal.org.443").stages).toEqual({
      dns: { system: { resolver: "system", addrs: [], failure: "dns_nxdomain_error", t_ms: 49 }, control: null },
    });
    expect(target(blocked, "signal.host.cdn.signal.org.443").stages.tcp).toMatchObject({ failure: "connection_refused" });
    expect(target(blocked, "signal.host.textsecure-service.whispersystems.org.443").stages.tls).toMatchObject({ failure: "connection_reset" });
    expect(verdictOf(blocked, "signal.host.sfu.voip.signal.org.443")).toMatchObject({ verdict: "tls_blocked", rule: "S3", failure: "ssl_invalid_hostname" });
    expect(blocked.verdict).toMatchObject({ status: "partial", class: "anomaly" });
    expect(blocked.ooni).toMatchObject({ anomaly: true });
  });

  it("skips test version 0.2.0 after 2022-10-19, whose certificate results ts-029 says cannot be trusted", () => {
    const old = fixtureLine("signal.jsonl", 3); // test_version 0.2.0, 2021-02-15: trusted
    expect(mapOoniMeasurement(old).ok).toBe(true);
    expect(mapOoniMeasurement({ ...old, measurement_start_time: "2022-10-19 00:00:00" })).toMatchObject({ ok: false, reason: "unreliable" });
    expect(mapOoniMeasurement({ ...old, measurement_start_time: "2023-01-05 10:00:00", test_version: "0.2.1" }).ok).toBe(true);
  });

  it("keeps OONI's hidden country and network, and keys a measurement with no uid nor report id", () => {
    const hidden = mapped(fixtureLine("signal.jsonl", 3));
    expect(hidden.probe).toMatchObject({ cc: "ZZ", asn: 0, asn_name: null, network_type: null });
    expect(isHiddenLocation(hidden.probe)).toBe(true);
    expect(hidden.ooni).toMatchObject({ measurement_uid: null, report_id: null });
    expect(hidden.id).toBe(ooniRecordId({ report_id: null, input: null, started_at: "2021-02-15T17:33:22.000Z", test_name: "signal" }));
    expect(hidden.round_id).toBe(`ooni:${hidden.id}`);
    expect(explorerUrl(hidden.ooni!)).toBeNull();
  });
});

describe("Web Connectivity (ts-017) for Max", () => {
  it("maps a Max host to the Max targets measuring that endpoint, with OONI's test helper as control resolver", () => {
    const ok = mapped(fixtureLine("web-connectivity.jsonl", 1));
    expect(ok.service).toBe("max");
    expect(ok.targets.map((t) => [t.id, t.component])).toEqual([
      ["max.host.web.max.ru.443", "web"],
      ["max.web", "web"],
    ]);
    expect(target(ok, "max.web").stages).toEqual({
      dns: {
        system: { resolver: "system", addrs: ["155.212.204.10"], failure: null, t_ms: 49 },
        control: { resolver: "ooni-test-helper", addrs: ["155.212.204.10"], failure: null, t_ms: null },
      },
      tcp: { ip: "155.212.204.10", port: 443, failure: null, t_ms: 30 },
      tls: { sni: "web.max.ru", ip: "155.212.204.10", port: 443, failure: null, t_ms: 40, neutral: null },
      http: { method: "GET", url: "https://web.max.ru/", status: 200, bytes: 72, ttfb_ms: null, t_ms: 199, failure: null, fingerprint: null, content_type: "text/html", body_kind: "html" },
    });
    expect(target(ok, "max.host.web.max.ru.443").stages.http).toBeUndefined();
    expect(ok.ooni).toMatchObject({ input: "https://web.max.ru/", test_name: "web_connectivity", anomaly: false, confirmed: null, failure: false });
    expect(ok.targets_version).toBe("ooni-web_connectivity-0.4.3");
    expect(ok.verdict).toMatchObject({ status: "ok", class: "ok" });
  });

  it("reads NXDOMAIN while the test helper resolves as DNS blocking (D2)", () => {
    const dns = mapped(fixtureLine("web-connectivity.jsonl", 2));
    expect(dns.targets.map((t) => t.id)).toEqual(["max.host.api.oneme.ru.443"]);
    expect(verdictOf(dns, "max.host.api.oneme.ru.443")).toMatchObject({ verdict: "dns_blocked", rule: "D2", grade: "anomaly" });
    expect(dns.verdict).toMatchObject({ class: "anomaly", technique: "dns" });
    expect(dns.ooni).toMatchObject({ anomaly: true, failure: false });
  });

  it("maps a TLS reset", () => {
    const tls = mapped(fixtureLine("web-connectivity.jsonl", 3));
    expect(verdictOf(tls, "max.host.max.ru.443")).toMatchObject({ verdict: "tls_blocked", failure: "connection_reset" });
  });

  it("recognises Max's hosts by the targets file's domains, and nothing that merely looks like them", () => {
    for (const input of ["https://web.max.ru/", "http://max.ru", "max.ru", "https://api2.oneme.ru/x?y=1", "https://WS-API.oneme.ru./"]) {
      expect(isMaxInput(input)).toBe(true);
    }
    for (const input of ["https://notmax.ru/", "https://max.ru.example.org/", "https://oneme.ru.evil/", "", null, 42, "::"]) {
      expect(isMaxInput(input)).toBe(false);
    }
  });

  it("skips other inputs and other tests as 'other test'", () => {
    expect(mapOoniMeasurement(fixtureLine("web-connectivity.jsonl", 4))).toMatchObject({ ok: false, reason: "other_test" });
    expect(mapOoniMeasurement(fixtureLine("web-connectivity.jsonl", 5))).toMatchObject({ ok: false, reason: "other_test" });
  });
});

describe("measurement-meta API response", () => {
  it("takes the raw measurement from its JSON string and OONI's judgement and uid from beside it", () => {
    const meta = fixtureDocument("meta-whatsapp-blocked.json");
    expect(typeof meta.raw_measurement).toBe("string");
    const fromMeta = mapped(meta);
    const bare = mapped(fixtureDocument("whatsapp-blocked.json"));
    expect(fromMeta.id).toBe(bare.id);
    expect(fromMeta.ooni).toMatchObject({ measurement_uid: "20260211073006.118204_RU_whatsapp_f3a0c6d19b2e4a57", anomaly: true, confirmed: false, failure: false });
    expect(fromMeta.targets).toEqual(bare.targets);
  });

  it("gives one id to one measurement in every distribution form: bucket file (no measurement_uid), bare with uid, API meta", () => {
    const bare = fixtureDocument("whatsapp-blocked.json");
    const { measurement_uid: _uid, ...bucketForm } = bare;
    const ids = [mapped(bare), mapped(bucketForm), mapped(fixtureDocument("meta-whatsapp-blocked.json"))].map((r) => r.id);
    expect(new Set(ids).size).toBe(1);
    // ...and another measurement of the same report (another start time) another id.
    expect(mapped({ ...bucketForm, measurement_start_time: "2026-02-11 07:35:05" }).id).not.toBe(ids[0]);
  });

  it("keeps the API's judgement even where test_keys would say otherwise", () => {
    const meta = fixtureDocument("meta-whatsapp-blocked.json");
    const r = mapped({ ...meta, anomaly: false, confirmed: true });
    expect(r.ooni).toMatchObject({ anomaly: false, confirmed: true, failure: false });
  });
});

describe("bad input", () => {
  const good = fixtureDocument("telegram-ok.json");
  it("names the unreadable envelope field", () => {
    expect(mapOoniMeasurement({ ...good, probe_cc: "Italy" })).toMatchObject({ ok: false, reason: "bad_envelope", message: expect.stringContaining("probe_cc") });
    expect(mapOoniMeasurement({ ...good, probe_asn: "Vodafone" })).toMatchObject({ ok: false, reason: "bad_envelope", message: expect.stringContaining("probe_asn") });
    expect(mapOoniMeasurement({ ...good, measurement_start_time: "07/12/2022" })).toMatchObject({
      ok: false, reason: "bad_envelope", message: expect.stringContaining("measurement_start_time"),
    });
  });
  it("says when JSON is no OONI measurement", () => {
    expect(mapOoniMeasurement({ hello: "world" })).toMatchObject({ ok: false, reason: "not_a_measurement" });
    expect(mapOoniMeasurement({ raw_measurement: "{broken" })).toMatchObject({ ok: false, reason: "not_a_measurement" });
    expect(mapOoniMeasurement(null)).toMatchObject({ ok: false, reason: "not_a_measurement" });
  });
});

describe("every mapped record", () => {
  const all = [
    fixtureDocument("whatsapp-ok.json"), fixtureDocument("whatsapp-blocked.json"), fixtureDocument("telegram-ok.json"),
    fixtureDocument("meta-whatsapp-blocked.json"),
    ...[1, 2].map((l) => fixtureLine("whatsapp-legacy.jsonl", l)),
    ...[1, 2].map((l) => fixtureLine("telegram.jsonl", l)),
    ...[1, 2, 3].map((l) => fixtureLine("signal.jsonl", l)),
    ...[1, 2, 3].map((l) => fixtureLine("web-connectivity.jsonl", l)),
  ].map(mapped);

  it("passes the v1 schema, carries only vocabulary failures, no probe identity and no controls", () => {
    for (const r of all) {
      expect(parseMeasurement(r).ok).toBe(true);
      for (const f of allFailures(r)) if (f !== null) expect(FAILURES).toContain(f);
      expect(r.probe.id).toBeNull();
      expect(r.probe.owner).toBeNull();
      expect(r.controls).toBeNull();
      expect(r.source).toBe("ooni");
    }
  });

  it("is the same record when mapped again (deterministic: re-imports add nothing)", () => {
    const again = [fixtureDocument("whatsapp-ok.json"), fixtureLine("signal.jsonl", 3)].map(mapped);
    expect(again[0]).toEqual(all[0]);
    expect(again[1]).toEqual(all.find((r) => r.id === again[1].id));
  });
});
