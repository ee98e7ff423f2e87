// Responses that are not the service's: block pages the probe recognises by the maintained
// fingerprint set it ships (lib/fingerprints, OONI's blocking-fingerprints), including one
// its old hand-written list never knew, and a plausible page no fingerprint knows, which
// only the targets' response profiles (H6) tell from the service's own answer.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blockingFingerprints } from "../../lib/fingerprints";
import { type LabHandle, startLabProcess } from "./lab-process";
import { formatMatrix, runCase } from "./run-case";
import { ISP_STUB, LOOKALIKE_PAGE } from "./servers";
import { TECHNIQUES_MATRIX } from "./techniques";

let lab: LabHandle;
beforeAll(async () => {
  lab = await startLabProcess();
});
afterAll(async () => {
  await lab?.stop();
});

const technique = (id: string) => TECHNIQUES_MATRIX.find((t) => t.id === id)!;
const noHeaders = new Map<string, string>();

describe("censorship lab: responses that are not the service's", () => {
  it("an ISP stub only OONI's set knows is confirmed (H1) by the probe's own matcher", async () => {
    expect(blockingFingerprints().matchHttp({ body: ISP_STUB, headers: noHeaders })?.id).toBe("ooni.ru_8");
    const { rows, records } = await runCase(lab, technique("http.block_page_isp"));
    console.log(`\n${formatMatrix(rows)}\n`);
    expect(rows.filter((r) => !r.ok).map((r) => `${r.service}: expected ${r.expected}, got ${r.got}`)).toEqual([]);
    const whatsapp = records.find((r) => r.service === "whatsapp")!;
    expect(whatsapp.targets.find((t) => t.id === "whatsapp.web")!.stages.http!.fingerprint).toBe("ooni.ru_8");
    expect(whatsapp.verdict).toMatchObject({ class: "confirmed", rule: "H1" });
  });

  it("a plausible page no fingerprint knows is an anomaly at http (H6) where the target's profile rules it out", async () => {
    expect(blockingFingerprints().matchHttp({ body: LOOKALIKE_PAGE, headers: noHeaders })).toBeNull();
    const { rows, records } = await runCase(lab, technique("http.lookalike_page"));
    console.log(`\n${formatMatrix(rows)}\n`);
    expect(rows.filter((r) => !r.ok).map((r) => `${r.service}: expected ${r.expected}, got ${r.got}`)).toEqual([]);
    const telegram = records.find((r) => r.service === "telegram")!;
    const dc = telegram.targets.find((t) => t.id === "telegram.dc.149.154.167.51.80")!;
    // What the probe recorded of the page: no fingerprint, its type and kind, never its text.
    expect(dc.stages.http).toMatchObject({ status: 200, fingerprint: null, content_type: "text/html", body_kind: "html" });
    expect(telegram.verdict).toMatchObject({ status: "partial", class: "anomaly", technique: "http", stage: "http" });
    expect(telegram.verdict!.targets.find((t) => t.target === dc.id)).toMatchObject({ rule: "H6", detail: "profile_status" });
    const registration = records.find((r) => r.service === "whatsapp")!.verdict!.targets.find((t) => t.target === "whatsapp.registration");
    expect(registration).toMatchObject({ verdict: "http_blocked", rule: "H6", detail: "profile_body" });
  });

  it("the healthy stand-ins' answers fit their profiles", async () => {
    const { rows, records } = await runCase(lab, technique("healthy"));
    expect(rows.filter((r) => !r.ok)).toEqual([]);
    const registration = records.find((r) => r.service === "whatsapp")!.targets.find((t) => t.id === "whatsapp.registration")!;
    expect(registration.stages.http).toMatchObject({ content_type: "application/json", body_kind: "json" });
  });
});
