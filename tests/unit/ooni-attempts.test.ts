// Item: every attempt counts. OONI measurements hold several attempts at one target (both
// address families, redirect chains, retries); a success must not overwrite a failure of
// the client's next step. Built from the project's real-shaped fixtures, changed only where
// the case needs it.
import { describe, expect, it } from "vitest";
import { mapOoniMeasurement } from "../../lib/ooni/map";
import { scoreRecord } from "../../lib/verdict";
import { fixtureDocument } from "../fixtures/ooni/load";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function score(doc: Json) {
  const r = mapOoniMeasurement(doc);
  if (!r.ok) throw new Error(r.message);
  return { record: r.record, verdict: scoreRecord(r.record) };
}
const clone = (name: string): Json => structuredClone(fixtureDocument(name)) as Json;
const V6 = "2a03:2880:f21b:c0:face:b00c:0:1e1";

/** whatsapp-ok.json with e1.whatsapp.net's AAAA answer made its own (the fixture shares one for e1-e3). */
function whatsappDualStack(): Json {
  const doc = clone("whatsapp-ok.json");
  const aaaa = doc.test_keys.queries.find((q: Json) => q.hostname === "e1.whatsapp.net" && q.query_type === "AAAA");
  aaaa.answers = [{ answer_type: "AAAA", ipv6: V6, ttl: null }];
  return doc;
}

describe("every attempt counts (OONI evidence)", () => {
  it("IPv4 connects, the IPv6 connect to the same WhatsApp endpoint times out: the target is T1, not ok", () => {
    const doc = whatsappDualStack();
    doc.test_keys.tcp_connect.push({ ip: V6, port: 443, status: { blocked: true, failure: "generic_timeout_error", success: false }, t: 10.2 });
    const { record, verdict } = score(doc);
    expect(record.targets.find((t) => t.id === "whatsapp.endpoint.e1.443")!.stages.tcp).toMatchObject({ ip: V6, failure: "generic_timeout_error" });
    expect(verdict.targets.find((t) => t.target === "whatsapp.endpoint.e1.443")).toMatchObject({ verdict: "tcp_blocked", rule: "T1" });
    expect(verdict).toMatchObject({ status: "partial", rule: "T1", stage: "tcp" });
  });

  it("an IPv6 attempt the probe had no route for (host_unreachable) is not the client's: still ok", () => {
    const doc = whatsappDualStack();
    doc.test_keys.tcp_connect.push({ ip: V6, port: 443, status: { blocked: false, failure: "host_unreachable", success: false }, t: 0.01 });
    expect(score(doc).verdict).toMatchObject({ status: "ok", rule: "OK" });
  });

  it("Telegram Web answers a redirect and the redirected request is reset: H2 at http, the 3xx status kept", () => {
    const doc = clone("telegram-ok.json");
    const requests: Json[] = doc.test_keys.requests;
    const web = requests.find((r) => r.request.url === "https://web.telegram.org/")!;
    web.response = { ...web.response, code: 301, body: "", headers: { Location: "/k/" }, headers_list: [["Location", "/k/"]] };
    requests.push({ ...structuredClone(web), failure: "connection_reset", request: { ...web.request, url: "https://web.telegram.org/k/" }, response: null });
    const { record, verdict } = score(doc);
    expect(record.targets.find((t) => t.id === "telegram.web")!.stages.http).toMatchObject({ status: 301, failure: "connection_reset" });
    expect(verdict).toMatchObject({ status: "partial", rule: "H2", stage: "http", technique: "http" });
  });

  it("a redirect whose next hop answers is ok (H3)", () => {
    const doc = clone("telegram-ok.json");
    const requests: Json[] = doc.test_keys.requests;
    const web = requests.find((r) => r.request.url === "https://web.telegram.org/")!;
    const next = { ...structuredClone(web), request: { ...web.request, url: "https://web.telegram.org/k/" } };
    web.response = { ...web.response, code: 301, body: "", headers_list: [["Location", "https://web.telegram.org/k/"]], headers: {} };
    requests.push(next);
    expect(score(doc).verdict).toMatchObject({ status: "ok", rule: "OK" });
  });
});
