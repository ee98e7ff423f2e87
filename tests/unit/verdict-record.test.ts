// Service-level verdicts: components, partial blocking, controls, allowlist, classes,
// throughput on a reachable service, and imported (OONI-like) partial records.
import { describe, expect, it } from "vitest";
import type { MeasurementRecord, TargetResult } from "../../lib/measurement/schema";
import { parseMeasurement, serviceVerdictSchema } from "../../lib/measurement/schema";
import { RULES_VERSION, scoreRecord, stripVerdicts } from "../../lib/verdict";
import {
  controlTransfer, dnsAnswer, dnsFailure, failedControl, http, okControls, okRecord, record, setStages, tcp, throughput, tls, transfer, withTarget, ws,
} from "./fixtures/records";

function score(rec: MeasurementRecord) {
  // Every record a test scores is schema-valid, and so is every verdict.
  const parsed = parseMeasurement(rec);
  expect(parsed.ok ? [] : parsed.issues).toEqual([]);
  const v = scoreRecord(rec);
  expect(serviceVerdictSchema.safeParse(v).success).toBe(true);
  return v;
}
const summary = (rec: MeasurementRecord) => {
  const v = score(rec);
  return { status: v.status, class: v.class, technique: v.technique, rule: v.rule, allowlist: v.allowlist };
};
const componentStatus = (rec: MeasurementRecord, name: string) => score(rec).components.find((c) => c.name === name)?.status;

const tcpFail = (failure: "connection_refused" | "connection_reset" | "generic_timeout_error" = "generic_timeout_error") =>
  setStages((t) => ({ ...t.stages, tcp: { ...t.stages.tcp!, failure, t_ms: null } }));
const httpStatus = (status: number) => setStages((t) => ({ ...t.stages, http: { ...t.stages.http!, status } }));

const wa = () => okRecord("whatsapp", { throughput: false });
const tg = () => okRecord("telegram", { throughput: false });

describe("a healthy round", () => {
  it.each(["whatsapp", "telegram", "max"] as const)("%s: every target ok -> ok, class ok, rule OK", (service) => {
    const v = score(okRecord(service));
    expect(v).toMatchObject({ status: "ok", class: "ok", technique: null, rule: "OK", allowlist: false, rules_version: RULES_VERSION });
    expect(v.components.every((c) => c.status === "ok")).toBe(true);
  });
});

describe("WhatsApp endpoints (deviation: per host, port-consistent)", () => {
  it("one port of one host failing while other hosts accept that port is selective blocking -> partial", () => {
    const rec = withTarget(wa(), "whatsapp.endpoint.e7.443", tcpFail());
    expect(summary(rec)).toMatchObject({ status: "partial", class: "anomaly", technique: "tcp", rule: "T1" });
    expect(componentStatus(rec, "endpoint:e7")).toBe("blocked");
    // The brief's literal rule ("any of e1..e16 on either port") would have called this ok.
    expect(componentStatus(rec, "endpoint:e1")).toBe("ok");
  });

  it("port 5222 closed on every host while 443 works is a harmless quirk -> ok", () => {
    const rec = withTarget(wa(), /^whatsapp\.endpoint\.e\d+\.5222$/, tcpFail("connection_refused"));
    expect(summary(rec)).toMatchObject({ status: "ok", class: "ok", rule: "OK" });
    // The target verdicts still say what happened.
    expect(score(rec).targets.filter((t) => t.verdict === "tcp_blocked")).toHaveLength(16);
  });

  it("some hosts blocked on both ports -> partial", () => {
    const rec = withTarget(wa(), /^whatsapp\.endpoint\.e(3|4|5)\./, tcpFail());
    expect(summary(rec)).toMatchObject({ status: "partial", technique: "tcp" });
  });

  it("15 of 16 hosts blocked is partial, not ok", () => {
    const rec = withTarget(wa(), (t) => t.component.startsWith("endpoint:") && t.component !== "endpoint:e16", tcpFail());
    expect(summary(rec).status).toBe("partial");
  });

  it("all hosts blocked -> every endpoint component blocked; with registration and web blocked too -> blocked", () => {
    const endpointsDown = withTarget(wa(), /^whatsapp\.endpoint\./, tcpFail());
    const v = score(endpointsDown);
    expect(v.components.filter((c) => c.name.startsWith("endpoint:")).every((c) => c.status === "blocked")).toBe(true);
    expect(v.status).toBe("partial");
    const allDown = withTarget(endpointsDown, /^whatsapp\.(registration|web)$/, tcpFail());
    expect(summary(allDown)).toMatchObject({ status: "blocked", class: "anomaly", technique: "tcp", rule: "T1" });
  });
});

describe("Telegram data centres (deviation from OONI: each address is a component)", () => {
  it("one data centre of six blocked on both ports -> partial (OONI calls it ok)", () => {
    const rec = withTarget(tg(), /^telegram\.dc\.149\.154\.171\.5\./, tcpFail());
    expect(summary(rec)).toMatchObject({ status: "partial", class: "anomaly", technique: "tcp", rule: "T1" });
    expect(componentStatus(rec, "dc:149.154.171.5")).toBe("blocked");
  });

  it("a data centre reachable on one port of two is ok", () => {
    const rec = withTarget(tg(), "telegram.dc.149.154.171.5.80", tcpFail());
    expect(summary(rec).status).toBe("ok");
  });

  it("404 and 501 from data centres, 302/403 from WhatsApp Web, 4xx from registration are all ok (H3)", () => {
    let t = withTarget(tg(), /\.80$/, httpStatus(404));
    t = withTarget(t, /\.443$/, httpStatus(501));
    expect(summary(t)).toMatchObject({ status: "ok", rule: "OK" });
    expect(score(t).targets.filter((x) => x.target.startsWith("telegram.dc.")).every((x) => x.rule === "H3")).toBe(true);
    let w = withTarget(wa(), "whatsapp.web", httpStatus(302));
    w = withTarget(w, "whatsapp.registration", httpStatus(405));
    expect(summary(w).status).toBe("ok");
    expect(summary(withTarget(wa(), "whatsapp.web", httpStatus(403))).status).toBe("ok");
  });
});

describe("Max components", () => {
  it("the WebSocket upgrade reset -> partial, technique http", () => {
    const rec = withTarget(okRecord("max"), "max.websocket", setStages((t) => ({ ...t.stages, ws: ws(t.stages.ws!.url, null, "connection_reset") })));
    expect(summary(rec)).toMatchObject({ status: "partial", technique: "http", rule: "H2" });
    expect(componentStatus(rec, "websocket")).toBe("blocked");
    // The stage travels with the finding: ws, though the rule is an H rule (rollups, the
    // API's stage filter and pages read this field, never the rule's letter).
    expect(score(rec).stage).toBe("ws");
  });

  it("the stage of every status comes from the deciding finding: http for a web reset, dns for D1, none when ok", () => {
    const web = withTarget(okRecord("max"), "max.web", setStages((t) => ({ ...t.stages, http: http(t.stages.http!.url, { failure: "connection_reset", status: null }) })));
    expect(score(web)).toMatchObject({ rule: "H2", stage: "http" });
    expect(score(okRecord("max")).stage).toBeNull();
  });

  it("one of two api hosts blocked by SNI -> api blocked -> partial, technique tls", () => {
    const rec = withTarget(okRecord("max"), "max.host.api2.oneme.ru.443", setStages((t) => ({ ...t.stages, tls: tls(t.stages.tcp!.ip, "api2.oneme.ru", "connection_reset", null) })));
    expect(summary(rec)).toMatchObject({ status: "partial", technique: "tls", rule: "S1" });
  });
});

describe("controls", () => {
  it("both controls fail while targets fail -> inconclusive, class failure", () => {
    const rec = withTarget(wa(), /^whatsapp\./, tcpFail());
    rec.controls = { domestic: failedControl("ya.ru"), foreign: failedControl("www.wikipedia.org") };
    expect(summary(rec)).toEqual({ status: "inconclusive", class: "failure", technique: null, rule: null, allowlist: false });
  });

  it("both controls fail but every component worked -> ok (a working service cannot hide a block)", () => {
    const rec = wa();
    rec.controls = { domestic: failedControl("ya.ru"), foreign: failedControl("www.wikipedia.org") };
    expect(summary(rec).status).toBe("ok");
  });

  it("both controls fail and only answers a middlebox could give (Telegram's plain-HTTP data centres) -> inconclusive, never ok", () => {
    // The lab's transparent middlebox: every data centre "answers" an empty 404 in 2 ms; the
    // web client was not measured. No validated TLS handshake proves the service answered.
    const rec = record("telegram", tg().targets.filter((t) => t.component.startsWith("dc:")).map(setStages((t) => ({ tcp: { ...t.stages.tcp!, t_ms: 1 }, http: { ...t.stages.http!, status: 404, bytes: 0, ttfb_ms: 2, t_ms: 2 } }))));
    rec.controls = { domestic: failedControl("ya.ru", "dns_nxdomain_error"), foreign: failedControl("www.wikipedia.org", "dns_nxdomain_error") };
    expect(summary(rec)).toMatchObject({ status: "inconclusive", class: "failure" });
    // With the controls working the answers still cannot all be the data centres' (H5 below).
    rec.controls = okControls();
    expect(summary(rec)).toMatchObject({ status: "blocked", class: "anomaly", technique: "http", rule: "H5" });
  });

  it("domestic works, foreign fails -> allowlist: blocked services get technique allowlist, class anomaly, targets marked", () => {
    const rec = withTarget(wa(), /^whatsapp\./, tcpFail());
    rec.controls = { domestic: okControls().domestic, foreign: failedControl("www.wikipedia.org") };
    const v = score(rec);
    expect(v).toMatchObject({ status: "blocked", class: "anomaly", technique: "allowlist", rule: "T1", allowlist: true });
    expect(v.targets.every((t) => t.detail === "allowlist")).toBe(true);
  });

  it("an allowlist round keeps a confirmed-grade cause confirmed (the class says how sure, the technique says why)", () => {
    const rec = withTarget(wa(), "whatsapp.web", setStages((t) => ({ ...t.stages, http: http("https://web.whatsapp.com/", { fingerprint: "ru.rkn.blockpage" }) })));
    rec.controls = { domestic: okControls().domestic, foreign: failedControl("www.wikipedia.org") };
    expect(summary(rec)).toMatchObject({ status: "partial", class: "confirmed", technique: "allowlist", rule: "H1", allowlist: true });
  });

  it("an allowlist round where the service works stays ok", () => {
    const rec = wa();
    rec.controls = { domestic: okControls().domestic, foreign: failedControl("www.wikipedia.org") };
    expect(summary(rec)).toMatchObject({ status: "ok", allowlist: true, technique: null });
  });

  it("only the domestic control failing changes nothing", () => {
    const rec = withTarget(wa(), "whatsapp.web", tcpFail());
    rec.controls = { domestic: failedControl("ya.ru"), foreign: okControls().foreign };
    expect(summary(rec)).toMatchObject({ status: "partial", allowlist: false, technique: "tcp" });
  });
});

describe("classes and the deciding rule", () => {
  it("confirmed needs a confirmed-grade cause: a bogon among tcp blocks makes the round confirmed, rule D1", () => {
    let rec = withTarget(wa(), /^whatsapp\.endpoint\.e[1-8]\./, tcpFail());
    rec = withTarget(rec, "whatsapp.registration", setStages((t) => ({ ...t.stages, dns: dnsAnswer(["127.0.0.1"], [t.stages.tcp!.ip]) })));
    expect(summary(rec)).toMatchObject({ status: "partial", class: "confirmed", technique: "dns", rule: "D1" });
  });

  it("among anomalies the earliest stage decides: D2 before T1", () => {
    let rec = withTarget(wa(), /^whatsapp\.endpoint\.e1\./, tcpFail());
    rec = withTarget(rec, "whatsapp.web", setStages((t) => ({ ...t.stages, dns: dnsFailure("dns_nxdomain_error", [t.stages.tcp!.ip]) })));
    expect(summary(rec)).toMatchObject({ status: "partial", class: "anomaly", technique: "dns", rule: "D2" });
  });

  it("a record whose every target is not measured or error is error, class failure (D4 when both resolvers failed)", () => {
    const rec = withTarget(wa(), /^whatsapp\./, setStages((t) => ({ dns: dnsFailure("generic_timeout_error", []) })));
    expect(summary(rec)).toMatchObject({ status: "error", class: "failure", technique: null, rule: "D4" });
    const empty = withTarget(wa(), /^whatsapp\./, setStages(() => ({})));
    expect(summary(empty)).toMatchObject({ status: "error", class: "failure", rule: null });
    expect(score(empty).components.every((c) => c.status === "not_measured")).toBe(true);
  });

  it("errors on some targets do not make an otherwise ok round anything but ok", () => {
    const rec = withTarget(wa(), "whatsapp.endpoint.e2.443", setStages((t) => ({ ...t.stages, tcp: { ...t.stages.tcp!, failure: "network_unreachable" } })));
    expect(summary(rec).status).toBe("ok");
  });
});

describe("throughput on a reachable service", () => {
  const slowed = (stage: ReturnType<typeof throughput>) =>
    withTarget(okRecord("whatsapp"), "whatsapp.throughput.web", setStages((t) => ({ ...t.stages, throughput: stage })));
  const url = "https://web.whatsapp.com/serviceworker.js";

  it("a policed rate -> throttled, technique throttling, rule P2, class anomaly", () => {
    const rec = slowed(throughput(transfer(url, { kbps: 150 }), controlTransfer(8000)));
    expect(summary(rec)).toMatchObject({ status: "throttled", class: "anomaly", technique: "throttling", rule: "P2" });
    expect(componentStatus(rec, "throughput")).toBe("throttled");
  });

  it("a stall -> throttled, technique stall, rule P1", () => {
    const rec = slowed(throughput(transfer(url, { kbps: 4000, stopAt: 16 * 1024 }), controlTransfer(8000)));
    expect(summary(rec)).toMatchObject({ status: "throttled", technique: "stall", rule: "P1" });
  });

  it("congestion (target and control equally slow) -> ok", () => {
    const rec = slowed(throughput(transfer(url, { kbps: 150 }), controlTransfer(220)));
    expect(summary(rec)).toMatchObject({ status: "ok", rule: "OK" });
  });

  it("blocking outranks throttling: a blocked component with a throttled object is partial", () => {
    const rec = withTarget(slowed(throughput(transfer(url, { kbps: 150 }), controlTransfer(8000))), "whatsapp.registration", tcpFail());
    expect(summary(rec)).toMatchObject({ status: "partial", technique: "tcp" });
  });

  it("a throughput target blocked at an earlier stage does not change reachability on its own", () => {
    const rec = withTarget(okRecord("whatsapp"), "whatsapp.throughput.web", tcpFail());
    expect(summary(rec).status).toBe("ok");
    expect(componentStatus(rec, "throughput")).toBe("blocked");
  });
});

describe("imported, OONI-like records: controls null, no control resolver, no throughput", () => {
  const ooni = (targets: TargetResult[]) => record("telegram", targets, { source: "ooni", controls: null, probe: { id: null, cc: "RU", asn: 12389 } });
  const dcs = ["149.154.175.50", "149.154.167.51", "149.154.175.100", "149.154.167.91", "149.154.171.5", "95.161.76.100"];
  const dcTarget = (ip: string, port: number, failure: "generic_timeout_error" | null): TargetResult => ({
    id: `telegram.dc.${ip}.${port}`, component: `dc:${ip}`, host: ip, port,
    stages: failure ? { tcp: tcp(ip, port, failure) } : { tcp: tcp(ip, port), http: http(`http://${ip}:${port}/`, { method: "POST", status: 501, bytes: 169 }) },
  });

  it("never inconclusive for lack of controls; data-centre blocking is still read", () => {
    const targets = dcs.flatMap((ip, i) => [80, 443].map((p) => dcTarget(ip, p, i < 2 ? "generic_timeout_error" : null)));
    expect(summary(ooni(targets))).toEqual({ status: "partial", class: "anomaly", technique: "tcp", rule: "T1", allowlist: false });
  });

  it("a web target with DNS failure and no control resolver is error, not ok and not blocked", () => {
    const web: TargetResult = { id: "telegram.web", component: "web", host: "web.telegram.org", port: 443, stages: { dns: dnsFailure("dns_nxdomain_error", null) } };
    expect(summary(ooni([web]))).toMatchObject({ status: "error", class: "failure" });
  });

  it("a failure without a control never disappears: web NXDOMAIN with no control resolver beside six working data centres is not ok", () => {
    const web: TargetResult = { id: "telegram.web", component: "web", host: "web.telegram.org", port: 443, stages: { dns: dnsFailure("dns_nxdomain_error", null) } };
    const targets = [web, ...dcs.flatMap((ip) => [80, 443].map((p) => dcTarget(ip, p, null)))];
    const v = score(ooni(targets));
    expect(v).toMatchObject({ status: "error", class: "failure", technique: null, stage: "dns" });
    expect(v.components.find((c) => c.name === "web")?.status).toBe("failed");
  });

  it("a failed component of unknown cause beside a blocked one and nothing working: blocked, not partial", () => {
    const web: TargetResult = { id: "telegram.web", component: "web", host: "web.telegram.org", port: 443, stages: { dns: dnsFailure("dns_nxdomain_error", null) } };
    const targets = [web, ...dcs.flatMap((ip) => [80, 443].map((p) => dcTarget(ip, p, "generic_timeout_error")))];
    expect(summary(ooni(targets))).toMatchObject({ status: "blocked", technique: "tcp", rule: "T1" });
  });

  it("a bogon is still D1 without a control resolver: confirmed", () => {
    const web: TargetResult = { id: "telegram.web", component: "web", host: "web.telegram.org", port: 443, stages: { dns: dnsAnswer(["10.0.0.1"], null) } };
    const targets = [web, ...dcs.flatMap((ip) => [80, 443].map((p) => dcTarget(ip, p, null)))];
    expect(summary(ooni(targets))).toMatchObject({ status: "partial", class: "confirmed", technique: "dns", rule: "D1" });
  });
});

describe("re-scoring", () => {
  it("the server's verdict ignores the producer's, and re-scoring a stripped record gives the same verdict", () => {
    const rec = withTarget(wa(), "whatsapp.endpoint.e3.443", tcpFail());
    const forged = { ...rec, verdict: { ...scoreRecord(wa()), status: "ok" as const } };
    const v = scoreRecord(forged);
    expect(v.status).toBe("partial");
    const stripped = stripVerdicts({ ...rec, verdict: v });
    expect(stripped.verdict).toBeNull();
    expect(scoreRecord(stripped)).toEqual(v);
    expect(rec.verdict).toBeNull(); // stripVerdicts does not mutate
  });
});

describe("H5: answers from something in between (a transparent middlebox)", () => {
  // Telegram's data centres answer from Miami (DC1, DC3), Amsterdam (DC2, DC4, 95.161.76.100)
  // and Singapore (DC5), lib/targets. No probe is near all three.
  const SITE_MS: Record<string, number> = {
    "149.154.175.50": 120, "149.154.175.100": 120, "149.154.167.51": 30, "149.154.167.91": 30, "95.161.76.100": 30, "149.154.171.5": 110,
  };
  const dcAnswers = (ms: (ip: string) => number, connectMs: (ip: string) => number = () => 1) =>
    record("telegram", tg().targets.filter((t) => t.component.startsWith("dc:")).map(setStages((t) => ({
      tcp: { ...t.stages.tcp!, t_ms: connectMs(t.host!) },
      http: { ...t.stages.http!, status: 404, bytes: 0, ttfb_ms: ms(t.host!), t_ms: ms(t.host!) },
    }))));

  it("every data centre answering within 2 ms (the lab's empty-404 middlebox), controls working -> blocked, H5 faster_than_distance", () => {
    const v = score(dcAnswers(() => 2));
    expect(v).toMatchObject({ status: "blocked", class: "anomaly", technique: "http", rule: "H5", stage: "http" });
    expect(v.targets.every((t) => t.rule === "H5" && t.detail === "faster_than_distance")).toBe(true);
  });

  it("answers in the times the distances allow (a probe in Moscow) stay ok, identical bytes and all", () => {
    expect(summary(dcAnswers((ip) => SITE_MS[ip]))).toMatchObject({ status: "ok", rule: "OK" });
  });

  it("two answers that cannot both be genuine are both marked; answers consistent with every other stay ok -> partial", () => {
    // Singapore in 40 ms and Amsterdam in 30: 70 ms together, under 0.8 x 104.9 ms (10,492 km
    // apart). Which one is genuine is unknowable, so neither counts. Miami (120 ms) is
    // consistent with both: 160 >= 0.8 x 169.7 (Singapore), 150 >= 0.8 x 74.5 (Amsterdam).
    const v = score(dcAnswers((ip) => (ip === "149.154.171.5" ? 40 : SITE_MS[ip])));
    expect(v).toMatchObject({ status: "partial", rule: "H5" });
    const status = (dc: string) => v.components.find((c) => c.name === `dc:${dc}`)?.status;
    expect([status("149.154.171.5"), status("149.154.167.51"), status("95.161.76.100")]).toEqual(["blocked", "blocked", "blocked"]);
    expect([status("149.154.175.50"), status("149.154.175.100")]).toEqual(["ok", "ok"]);
  });

  it("an answer quicker than half the connect round trip to the same address (on-path injection) -> H5 faster_than_connect", () => {
    const rec = withTarget(wa(), "whatsapp.registration", setStages((t) => ({ ...t.stages, tls: undefined, http: { ...t.stages.http!, ttfb_ms: 3 } })));
    // Registration over TLS: with the validated handshake the rule never reads the answer.
    expect(summary(withTarget(wa(), "whatsapp.registration", setStages((t) => ({ ...t.stages, tcp: { ...t.stages.tcp!, t_ms: 80 }, http: { ...t.stages.http!, ttfb_ms: 3 } }))))).toMatchObject({ status: "ok" });
    const injected = withTarget(rec, "whatsapp.registration", setStages((t) => ({ ...t.stages, tcp: { ...t.stages.tcp!, t_ms: 80 } })));
    const v = score(injected);
    expect(v).toMatchObject({ status: "partial", rule: "H5" });
    expect(v.targets.find((t) => t.target === "whatsapp.registration")).toMatchObject({ verdict: "http_blocked", grade: "anomaly", detail: "faster_than_connect" });
    // A connect round trip under ANSWER_RTT_MIN_MS is too short to compare against.
    expect(summary(withTarget(rec, "whatsapp.registration", setStages((t) => ({ ...t.stages, tcp: { ...t.stages.tcp!, t_ms: 10 } }))))).toMatchObject({ status: "ok" });
  });

  it("a target that failed on its own keeps its own rule", () => {
    const rec = dcAnswers(() => 2);
    const v = score(withTarget(rec, "telegram.dc.149.154.171.5.80", setStages((t) => ({ ...t.stages, http: { ...t.stages.http!, fingerprint: "ru.rkn.blockpage" } }))));
    expect(v.targets.find((t) => t.target === "telegram.dc.149.154.171.5.80")).toMatchObject({ rule: "H1" });
    expect(v).toMatchObject({ status: "blocked", class: "confirmed", rule: "H1" });
  });
});

