// Item: block pages are recognised by a maintained fingerprint set (OONI's
// blocking-fingerprints, imported with its provenance), not by strings fitted to our lab.
// Cases built from the project's real-shaped Web Connectivity measurement of web.max.ru on
// Rostelecom (AS12389), answered the ways Russian ISPs answer blocked sites in OONI's
// published measurements: a redirect to warning.rt.ru, an RKN stub body, a SkyDNS answer.
import { describe, expect, it } from "vitest";
import { blockingFingerprints, fingerprintFileFromCsv, fingerprintId, fingerprintSet } from "../../lib/fingerprints";
import { parseCsv } from "../../lib/fingerprints/csv";
import { mapOoniMeasurement } from "../../lib/ooni/map";
import { scoreRecord } from "../../lib/verdict";
import { fixtureLine } from "../fixtures/ooni/load";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const webMax = (): Json => structuredClone(fixtureLine("web-connectivity.jsonl", 1)) as Json;
function score(doc: Json) {
  const r = mapOoniMeasurement(doc);
  if (!r.ok) throw new Error(r.message);
  return { record: r.record, verdict: scoreRecord(r.record) };
}
const webTarget = (v: ReturnType<typeof scoreRecord>) => v.targets.find((t) => t.target === "max.web")!;

describe("the shipped fingerprint set", () => {
  it("says where it comes from and holds HTTP and DNS fingerprints of censors only", () => {
    const set = blockingFingerprints();
    expect(set.source).toMatchObject({ repository: "ooni/blocking-fingerprints", commit: expect.stringMatching(/^[0-9a-f]{40}$/) });
    expect(set.skipped).toEqual([]);
    expect(set.matchDns("193.58.251.1")?.id).toBe("ooni.ru_84");
    expect(set.matchDns("8.8.8.8")).toBeNull();
  });

  it("is rebuilt from the CSV files without code: quoting, scopes, ids", () => {
    const http = [
      "name,scope,other_names,location_found,pattern_type,pattern,confidence_no_fp,expected_countries,source,exp_url,notes",
      'ooni.ru_6,isp,,header.location,prefix,http://warning.rt.ru,5,RU,ooni,,"Rostelecom, redirect"',
      "cp.fp_x_JOT,fp,,body,contains,JOT,1,,cp,,a false-positive marker",
      'cp.c_isp_ru_sky@net_body,isp,,body,contains,"say ""blocked""",5,"RU,BY",cp,,',
    ].join("\n");
    const dns = "name,scope,other_names,location_found,pattern_type,pattern,confidence_no_fp,expected_countries,source,exp_url,notes\nooni.ru_84,isp,,dns,full,193.58.251.1,5,RU,ooni,,\n";
    const file = fingerprintFileFromCsv(http, dns, { repository: "r", files: [], commit: "0".repeat(40), committed_at: "", note: "" });
    expect(file.http.map((f) => f.id)).toEqual(["ooni.ru_6", "cp.c_isp_ru_sky_net_body"]);
    expect(file.http[1]).toMatchObject({ pattern: 'say "blocked"', countries: ["RU", "BY"] });
    const set = fingerprintSet(file);
    expect(set.matchHttp({ body: null, headers: new Map([["location", "http://warning.rt.ru/?id=17"]]) })?.id).toBe("ooni.ru_6");
    expect(set.matchHttp({ body: "they say \"blocked\" here", headers: new Map() })?.id).toBe("cp.c_isp_ru_sky_net_body");
    expect(set.matchHttp({ body: "JOT", headers: new Map() })).toBeNull();
    expect(fingerprintId("cp.d_corp_Grupo_energia")).toBe("cp.d_corp_grupo_energia");
    expect(parseCsv('a,"b\nc",d\r\n1,2,3\n')).toEqual([["a", "b\nc", "d"], ["1", "2", "3"]]);
    expect(() => parseCsv('a,"b')).toThrow(/not closed/);
  });
});

describe("fingerprints in imported measurements", () => {
  it("a redirect to Rostelecom's warning.rt.ru is a confirmed block page (H1), not ok", () => {
    const doc = webMax();
    const req = doc.test_keys.requests[0];
    req.response = { ...req.response, code: 302, body: "", headers: { Location: "http://warning.rt.ru/?id=17&st=0&dt=web.max.ru" }, headers_list: [["Location", "http://warning.rt.ru/?id=17&st=0&dt=web.max.ru"]] };
    const { verdict } = score(doc);
    expect(webTarget(verdict)).toMatchObject({ verdict: "http_blocked", grade: "confirmed", rule: "H1", detail: "block_page" });
    expect(verdict).toMatchObject({ class: "confirmed", rule: "H1", stage: "http" });
  });

  it("a 200 page quoting the federal-law stub is a confirmed block page", () => {
    const doc = webMax();
    doc.test_keys.requests[0].response.body = "<html><body><h2>Доступ к сайту ограничен в соответствии с Федеральными законами</h2></body></html>";
    const { record, verdict } = score(doc);
    expect(record.targets.find((t) => t.id === "max.web")!.stages.http?.fingerprint).toBe("ooni.ru_0");
    expect(JSON.stringify(record)).not.toContain("Федеральными"); // the body itself is never kept
    expect(verdict).toMatchObject({ class: "confirmed", rule: "H1" });
  });

  it("a DNS answer of a known filtering resolver (SkyDNS) is D1, confirmed, even without a bogon", () => {
    const doc = webMax();
    doc.test_keys.queries[0].answers = [{ answer_type: "A", ipv4: "193.58.251.1", ttl: 300 }];
    const { record, verdict } = score(doc);
    expect(record.targets.find((t) => t.id === "max.web")!.stages.dns?.system.fingerprint).toBe("ooni.ru_84");
    expect(webTarget(verdict)).toMatchObject({ verdict: "dns_blocked", grade: "confirmed", rule: "D1", detail: "fingerprint" });
  });

  it("the unchanged measurement stays ok: no fingerprint matches web.max.ru's own page", () => {
    expect(score(webMax()).verdict).toMatchObject({ status: "ok" });
  });
});
